package io.kavsak.hub.indexing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Where the seed's catalog and context tables are read: the hub's own database (then the catalog API
 * writes them), or an existing Metadata DB with the same layout given by {@code kavsak.indexing.metadata.url},
 * which other services write and announce; the hub then only reads it, over a small read-only pool.
 */
public final class MetadataDb implements AutoCloseable {

    private final NamedParameterJdbcTemplate jdbc;
    private final HikariDataSource external;

    private MetadataDb(NamedParameterJdbcTemplate jdbc, HikariDataSource external) {
        this.jdbc = jdbc;
        this.external = external;
    }

    public static MetadataDb hubOwn(NamedParameterJdbcTemplate hub) {
        return new MetadataDb(hub, null);
    }

    /** A pool that does not connect at start: an external database out of reach is an outage, not a failed start. */
    public static MetadataDb external(String url, String username, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("kavsak-metadata-db");
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setReadOnly(true);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(5000);
        HikariDataSource pool = new HikariDataSource(config);
        return new MetadataDb(new NamedParameterJdbcTemplate(pool), pool);
    }

    public boolean isExternal() {
        return external != null;
    }

    public NamedParameterJdbcTemplate jdbc() {
        return jdbc;
    }

    @Override
    public void close() {
        if (external != null) {
            external.close();
        }
    }
}
