package io.kavsak.hub.reports;

import io.kavsak.hub.web.ApiProblem;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The tenant_datasource table: a tenant's registered databases, the password sealed by {@link CredentialCipher}. */
@Repository
public class TenantDatasources {

    private static final String VIEW_COLUMNS = "datasource_id, jdbc_url, username, schema_name, created_at, updated_at";

    private final JdbcTemplate jdbc;
    private final CredentialCipher cipher;

    public TenantDatasources(JdbcTemplate jdbc, CredentialCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** A datasource with its opened password, for connecting; never leaves the hub. */
    public record Connectable(String tenantId, String id, String jdbcUrl, String username, String password,
                              String schema, java.time.Instant updatedAt) {
        @Override
        public String toString() {
            return "Connectable[" + tenantId + "/" + id + " " + jdbcUrl + " as " + username + "]";
        }
    }

    public DatasourceView create(String tenant, String id, DatasourceRequest request) {
        byte[] sealed = cipher.seal(tenant, id, request.password());
        try {
            jdbc.update("insert into tenant_datasource (tenant_id, datasource_id, jdbc_url, username, "
                    + "password_encrypted, schema_name) values (?, ?, ?, ?, ?, ?)", tenant, id, request.jdbcUrl(),
                    request.username(), sealed, request.schema());
        } catch (DuplicateKeyException e) {
            throw ApiProblem.conflict("The datasource " + id + " exists");
        }
        return require(tenant, id);
    }

    public DatasourceView replace(String tenant, String id, DatasourceRequest request) {
        byte[] sealed = cipher.seal(tenant, id, request.password());
        int changed = jdbc.update("update tenant_datasource set jdbc_url = ?, username = ?, password_encrypted = ?, "
                + "schema_name = ?, updated_at = clock_timestamp() where tenant_id = ? and datasource_id = ?",
                request.jdbcUrl(), request.username(), sealed, request.schema(), tenant, id);
        if (changed == 0) {
            throw ApiProblem.notFound("The datasource " + id);
        }
        return require(tenant, id);
    }

    public boolean delete(String tenant, String id) {
        return jdbc.update("delete from tenant_datasource where tenant_id = ? and datasource_id = ?", tenant, id) > 0;
    }

    public List<DatasourceView> list(String tenant) {
        return jdbc.query("select " + VIEW_COLUMNS + " from tenant_datasource where tenant_id = ? "
                + "order by datasource_id", TenantDatasources::view, tenant);
    }

    public DatasourceView require(String tenant, String id) {
        return jdbc.query("select " + VIEW_COLUMNS + " from tenant_datasource where tenant_id = ? "
                + "and datasource_id = ?", TenantDatasources::view, tenant, id).stream().findFirst()
                .orElseThrow(() -> ApiProblem.notFound("The datasource " + id));
    }

    public Connectable connectable(String tenant, String id) {
        Optional<Connectable> found = jdbc.query("select jdbc_url, username, password_encrypted, schema_name, "
                + "updated_at from tenant_datasource where tenant_id = ? and datasource_id = ?", (rs, n) ->
                new Connectable(tenant, id, rs.getString(1), rs.getString(2),
                        cipher.open(tenant, id, rs.getBytes(3)), rs.getString(4),
                        rs.getTimestamp(5).toInstant()), tenant, id).stream().findFirst();
        return found.orElseThrow(() -> ApiProblem.notFound("The datasource " + id));
    }

    private static DatasourceView view(ResultSet rs, int row) throws SQLException {
        return new DatasourceView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant());
    }
}
