package io.kavsak.hub.reports;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.Driver;
import org.springframework.stereotype.Service;

/**
 * Runs checked report queries on a tenant datasource: its own pool, a read-only connection and a read-only
 * transaction that is always rolled back, the configured statement timeout set on the server, a row limit, and
 * rows streamed from a server-side cursor.
 */
@Service
public class ReportQueries {

    private static final int FETCH_SIZE = 500;
    /** Rows per cursor fetch of a full run (an export): fewer round trips than a preview; 5000 rows held at a time. */
    private static final int STREAM_FETCH_SIZE = 5000;

    /** A result column: its label, its {@link java.sql.Types} code and the database's type name. */
    public record Column(String label, int jdbcType, String typeName) {
    }

    /** Receives the columns once, then each row of a query, in order; the values are JDBC objects. */
    @FunctionalInterface
    public interface RowSink {
        default void columns(List<Column> columns) throws Exception {
        }

        void row(List<Object> values) throws Exception;
    }

    private final ReadOnlyQueryPolicy policy;
    private final DatasourcePools pools;
    private final ReportProperties properties;

    public ReportQueries(ReadOnlyQueryPolicy policy, DatasourcePools pools, ReportProperties properties) {
        this.policy = policy;
        this.pools = pools;
        this.properties = properties;
    }

    /** Connects once, outside the pool, and reads the server's product and version. */
    public ConnectionTest testConnection(TenantDatasources.Connectable source) {
        long started = System.nanoTime();
        Properties login = new Properties();
        login.setProperty("user", source.username());
        login.setProperty("password", source.password());
        login.setProperty("loginTimeout", String.valueOf(Math.max(1, properties.connectTimeout().toSeconds())));
        login.setProperty("connectTimeout", String.valueOf(Math.max(1, properties.connectTimeout().toSeconds())));
        login.setProperty("readOnly", "true");
        try (Connection connection = new Driver().connect(source.jdbcUrl(), login)) {
            DatabaseMetaData meta = connection.getMetaData();
            return new ConnectionTest(true, meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion(),
                    elapsed(started), null);
        } catch (SQLException e) {
            return new ConnectionTest(false, null, elapsed(started), e.getMessage());
        }
    }

    /** The first {@code kavsak.reports.preview-rows} rows, and whether there were more. */
    public QueryPreview preview(TenantDatasources.Connectable source, String sql) {
        long started = System.nanoTime();
        int limit = properties.previewRows();
        List<List<Object>> rows = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        boolean[] truncated = {false};
        run(source, sql, List.of(), limit + 1, FETCH_SIZE, columns, values -> {
            if (rows.size() < limit) {
                rows.add(values);
            } else {
                truncated[0] = true;
            }
        }, false);
        return new QueryPreview(columns, rows, truncated[0], elapsed(started));
    }

    /**
     * Streams every row to {@code sink}; a result with more than {@code kavsak.reports.max-rows} rows fails the
     * run. Returns the column names.
     */
    public List<String> stream(TenantDatasources.Connectable source, String sql, RowSink sink) {
        return stream(source, sql, List.of(), sink);
    }

    /**
     * Like {@link #stream(TenantDatasources.Connectable, String, RowSink)}, with {@code parameters} bound in order to
     * the statement's {@code ?} placeholders; the sink hears the columns before the first row.
     */
    public List<String> stream(TenantDatasources.Connectable source, String sql, List<?> parameters,
                               RowSink sink) {
        List<String> columns = new ArrayList<>();
        run(source, sql, parameters, properties.maxRows() + 1, STREAM_FETCH_SIZE, columns, sink, true);
        return columns;
    }

    private void run(TenantDatasources.Connectable source, String sql, List<?> parameters, int fetchAtMost,
                     int fetchSize, List<String> columns, RowSink sink, boolean failOverLimit) {
        String statement = policy.check(sql);
        try (Connection connection = pools.pool(source).getConnection()) {
            connection.rollback(); // whatever the pool ran on the connection ends here, so the modes can be set
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (Statement setup = connection.createStatement()) {
                setup.execute("SET TRANSACTION READ ONLY");
            }
            try (PreparedStatement timeout = connection.prepareStatement(
                    "select set_config('statement_timeout', ?, true)")) {
                timeout.setString(1, properties.statementTimeout().toMillis() + "ms");
                timeout.execute();
            }
            try (PreparedStatement query = connection.prepareStatement(statement)) {
                query.setFetchSize(Math.min(fetchSize, fetchAtMost));
                query.setMaxRows(fetchAtMost);
                for (int i = 0; i < parameters.size(); i++) {
                    query.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet rs = query.executeQuery()) {
                    ResultSetMetaData meta = rs.getMetaData();
                    List<Column> described = new ArrayList<>(meta.getColumnCount());
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        columns.add(meta.getColumnLabel(i));
                        described.add(new Column(meta.getColumnLabel(i), meta.getColumnType(i),
                                meta.getColumnTypeName(i)));
                    }
                    sink.columns(List.copyOf(described));
                    int count = 0;
                    while (rs.next()) {
                        if (++count > properties.maxRows() && failOverLimit) {
                            throw new ReportQueryFailedException("the result has more than "
                                    + properties.maxRows() + " rows (kavsak.reports.max-rows)", null);
                        }
                        List<Object> values = new ArrayList<>(meta.getColumnCount());
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            values.add(rs.getObject(i));
                        }
                        sink.row(values);
                    }
                }
            } finally {
                connection.rollback();
            }
        } catch (ReportQueryFailedException e) {
            throw e;
        } catch (SQLException e) {
            throw new ReportQueryFailedException(reason(e), e);
        } catch (Exception e) {
            throw new ReportQueryFailedException(String.valueOf(e.getMessage()), e);
        }
    }

    private String reason(SQLException e) {
        if ("57014".equals(e.getSQLState())) {
            return "the query ran longer than the statement timeout of " + properties.statementTimeout().toMillis()
                    + " ms (kavsak.reports.statement-timeout)";
        }
        return e.getMessage();
    }

    private static long elapsed(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
