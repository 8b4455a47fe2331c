package io.kavsak.hub.tenant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The {@code tenant} table: registration, lookup and deactivation (data is never dropped with a tenant). */
@Repository
public class TenantRegistry {

    private final NamedParameterJdbcTemplate jdbc;

    public TenantRegistry(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Tenant> find(String tenantId) {
        return jdbc.query("select * from tenant where tenant_id = :id", Map.of("id", tenantId), TenantRegistry::row)
                .stream().findFirst();
    }

    public Optional<Tenant> findActive(String tenantId) {
        return find(tenantId).filter(Tenant::active);
    }

    /** Creates or updates (and re-activates) a tenant; true when it was created. */
    @Transactional
    public boolean upsert(String tenantId, String displayName, String privacyContact, String storagePath) {
        Boolean inserted = jdbc.queryForObject("""
                insert into tenant (tenant_id, display_name, privacy_contact, storage_path)
                values (:id, :name, :contact, :path)
                on conflict (tenant_id) do update set display_name = excluded.display_name,
                    privacy_contact = excluded.privacy_contact, storage_path = excluded.storage_path,
                    active = true, updated_at = now()
                returning (xmax = 0)
                """, new MapSqlParameterSource().addValue("id", tenantId).addValue("name", displayName)
                .addValue("contact", privacyContact).addValue("path", storagePath), Boolean.class);
        return Boolean.TRUE.equals(inserted);
    }

    /** Changes the name and privacy contact of an active tenant; false when there is no active tenant of that id. */
    public boolean updateActive(String tenantId, String displayName, String privacyContact) {
        return jdbc.update("""
                update tenant set display_name = :name, privacy_contact = :contact, updated_at = now()
                where tenant_id = :id and active
                """, new MapSqlParameterSource().addValue("id", tenantId).addValue("name", displayName)
                .addValue("contact", privacyContact)) == 1;
    }

    /** The caller's tenant, when it is registered and active; 403 otherwise (it may not take in data). */
    public String requireActive(String tenantId) {
        if (tenantId == null || findActive(tenantId).isEmpty()) {
            throw io.kavsak.hub.web.ApiProblem.forbidden("Tenant " + tenantId + " is not registered or not active");
        }
        return tenantId;
    }

    /** Marks the tenant inactive; false when there is no such tenant. */
    public boolean deactivate(String tenantId) {
        return jdbc.update("update tenant set active = false, updated_at = now() where tenant_id = :id",
                Map.of("id", tenantId)) == 1;
    }

    private static Tenant row(ResultSet rs, int i) throws SQLException {
        return new Tenant(rs.getString("tenant_id"), rs.getString("display_name"), rs.getString("privacy_contact"),
                rs.getString("storage_path"), rs.getBoolean("active"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
