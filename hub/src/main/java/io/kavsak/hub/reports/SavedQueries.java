package io.kavsak.hub.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.web.ApiProblem;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** A tenant's saved (favourite) report queries, in {@code report_query}. */
@Component
public class SavedQueries {

    private static final String COLUMNS = "query_id, name, sql_text, datasource_id, parameters, created_at, updated_at";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;

    public SavedQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts or replaces; true when it was new. */
    public boolean save(String tenant, String id, SavedQueryRequest request) {
        String parameters = json(request.parameters() == null ? List.of() : request.parameters());
        int updated = jdbc.update("update report_query set name = ?, sql_text = ?, datasource_id = ?, parameters = ?, "
                + "updated_at = now() where tenant_id = ? and query_id = ?", request.name(), request.sql(),
                request.datasourceId(), parameters, tenant, id);
        if (updated == 1) {
            return false;
        }
        jdbc.update("insert into report_query (tenant_id, query_id, name, sql_text, datasource_id, parameters) "
                + "values (?, ?, ?, ?, ?, ?)", tenant, id, request.name(), request.sql(), request.datasourceId(),
                parameters);
        return true;
    }

    public Optional<SavedQueryView> find(String tenant, String id) {
        return jdbc.query("select " + COLUMNS + " from report_query where tenant_id = ? and query_id = ?",
                SavedQueries::view, tenant, id).stream().findFirst();
    }

    public SavedQueryView require(String tenant, String id) {
        return find(tenant, id).orElseThrow(() -> ApiProblem.notFound("The saved query " + id));
    }

    public List<SavedQueryView> list(String tenant) {
        return jdbc.query("select " + COLUMNS + " from report_query where tenant_id = ? order by query_id",
                SavedQueries::view, tenant);
    }

    /** False when there was none; 409 while a schedule still runs it. */
    public boolean delete(String tenant, String id) {
        Integer users = jdbc.queryForObject("select count(*) from report_schedule where tenant_id = ? and query_id = ?",
                Integer.class, tenant, id);
        if (users != null && users > 0) {
            throw ApiProblem.conflict("The saved query " + id + " is run by " + users
                    + " schedule(s); delete or change them first");
        }
        return jdbc.update("delete from report_query where tenant_id = ? and query_id = ?", tenant, id) == 1;
    }

    private static SavedQueryView view(ResultSet rs, int row) throws SQLException {
        List<Object> parameters;
        try {
            parameters = JSON.readValue(rs.getString(5), new TypeReference<List<Object>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable parameters of saved query " + rs.getString(1), e);
        }
        return new SavedQueryView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), parameters,
                rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant());
    }

    private static String json(List<Object> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
