package io.kavsak.hub.reports;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.annotation.PreDestroy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * One small read-only HikariCP pool per tenant datasource ({@code kavsak.reports.pool-size} connections), so one
 * tenant's reports cannot take another's connections; a pool is closed when its datasource changes or goes.
 */
@Component
public class DatasourcePools {

    private record Pool(java.time.Instant version, HikariDataSource dataSource) {
    }

    private final ReportProperties properties;
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();

    public DatasourcePools(ReportProperties properties) {
        this.properties = properties;
    }

    public HikariDataSource pool(TenantDatasources.Connectable source) {
        String key = key(source.tenantId(), source.id());
        Pool pool = pools.compute(key, (k, current) -> {
            if (current != null && current.version().equals(source.updatedAt())) {
                return current;
            }
            if (current != null) {
                current.dataSource().close();
            }
            return new Pool(source.updatedAt(), open(source));
        });
        return pool.dataSource();
    }

    /** Closes the datasource's pool; the next query opens one with the stored settings. */
    public void evict(String tenant, String id) {
        Pool pool = pools.remove(key(tenant, id));
        if (pool != null) {
            pool.dataSource().close();
        }
    }

    int open() {
        return pools.size();
    }

    private HikariDataSource open(TenantDatasources.Connectable source) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("report-" + source.tenantId() + "-" + source.id());
        config.setJdbcUrl(source.jdbcUrl());
        config.setUsername(source.username());
        config.setPassword(source.password());
        if (source.schema() != null) {
            config.setSchema(source.schema());
        }
        config.setMaximumPoolSize(properties.poolSize());
        config.setMinimumIdle(0);
        config.setIdleTimeout(60_000);
        config.setConnectionTimeout(Math.max(250, properties.connectTimeout().toMillis()));
        config.setInitializationFailTimeout(-1);
        config.setReadOnly(true);
        config.setAutoCommit(false);
        config.addDataSourceProperty("ApplicationName", "kavsak-report");
        config.addDataSourceProperty("loginTimeout", Math.max(1, properties.connectTimeout().toSeconds()));
        return new HikariDataSource(config);
    }

    @PreDestroy
    void closeAll() {
        pools.values().forEach(pool -> pool.dataSource().close());
        pools.clear();
    }

    private static String key(String tenant, String id) {
        return tenant + "\u0000" + id;
    }
}
