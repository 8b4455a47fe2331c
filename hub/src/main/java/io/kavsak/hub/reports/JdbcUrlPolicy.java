package io.kavsak.hub.reports;

import io.kavsak.hub.web.ApiProblem;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import org.postgresql.Driver;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Which JDBC URLs a tenant may register: PostgreSQL only, parsed by the driver itself; only connection options on
 * an allow-list (no class-loading or file options such as socketFactory, sslfactory, loggerFile), and never the
 * hub's own database or the hub's own login on the hub's database server.
 */
@Component
public class JdbcUrlPolicy {

    /** pgjdbc options a tenant may set in its URL; everything else (class names, files, credentials) is refused. */
    static final Set<String> ALLOWED_OPTIONS = Set.of("ssl", "sslmode", "connectTimeout", "socketTimeout",
            "loginTimeout", "applicationName", "ApplicationName", "currentSchema", "tcpKeepAlive", "targetServerType",
            "prepareThreshold", "defaultRowFetchSize", "gssEncMode", "channelBinding", "sslNegotiation");

    private final Properties hub;
    private final String hubUser;

    public JdbcUrlPolicy(@Value("${spring.datasource.url}") String hubUrl,
                         @Value("${spring.datasource.username:}") String hubUser) {
        this.hub = Driver.parseURL(hubUrl, null);
        this.hubUser = hubUser;
    }

    public void check(String url, String username) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw ApiProblem.badRequest("jdbc_url", "Only PostgreSQL JDBC URLs (jdbc:postgresql://host:port/db) are supported");
        }
        Properties parsed = Driver.parseURL(url, null);
        if (parsed == null) {
            throw ApiProblem.badRequest("jdbc_url", "The PostgreSQL driver cannot parse this JDBC URL");
        }
        for (String option : parsed.stringPropertyNames()) {
            if (!option.startsWith("PG") && !ALLOWED_OPTIONS.contains(option)) {
                throw ApiProblem.badRequest("jdbc_url", "The connection option '" + option + "' is not allowed");
            }
        }
        if (hub != null && sameServer(parsed, hub)) {
            if (parsed.getProperty("PGDBNAME", "").equals(hub.getProperty("PGDBNAME"))) {
                throw ApiProblem.badRequest("jdbc_url", "The hub's own database cannot be a tenant datasource");
            }
            if (username != null && username.equals(hubUser)) {
                throw ApiProblem.badRequest("username", "The hub's own database login cannot be used");
            }
        }
    }

    private static boolean sameServer(Properties a, Properties b) {
        return Arrays.stream(a.getProperty("PGHOST", "localhost").split(",")).anyMatch(hostA ->
                Arrays.stream(b.getProperty("PGHOST", "localhost").split(",")).anyMatch(hostB ->
                        samePort(a, b) && sameHost(hostA, hostB)));
    }

    private static boolean samePort(Properties a, Properties b) {
        return a.getProperty("PGPORT", "5432").split(",")[0].equals(b.getProperty("PGPORT", "5432").split(",")[0]);
    }

    private static boolean sameHost(String a, String b) {
        if (a.equalsIgnoreCase(b)) {
            return true;
        }
        try {
            InetAddress[] left = InetAddress.getAllByName(a);
            InetAddress[] right = InetAddress.getAllByName(b);
            for (InetAddress l : left) {
                for (InetAddress r : right) {
                    if (l.equals(r) || (l.isLoopbackAddress() && r.isLoopbackAddress())) {
                        return true;
                    }
                }
            }
            return false;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
