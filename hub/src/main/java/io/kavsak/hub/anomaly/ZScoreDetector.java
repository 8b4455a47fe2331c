package io.kavsak.hub.anomaly;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The fallback detector: how many standard deviations a run's log-duration and log-row-count lie from the
 * tenant's recent runs (a rolling window over {@code audit.query_runs}, shared by every replica). The score is
 * the larger of the two |z|; row counts are compared among succeeded runs only.
 */
@Component
public class ZScoreDetector {

    private final NamedParameterJdbcTemplate jdbc;
    private final AnomalyProperties properties;

    public ZScoreDetector(NamedParameterJdbcTemplate jdbc, AnomalyProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    public record Result(double score, boolean anomalous) {
    }

    /** Scores {@code run} against the tenant's latest runs before it (the run itself excluded). */
    public Result score(String tenantId, String queryRunId, QueryRunFeatures run) {
        List<QueryRunFeatures> window = jdbc.query("""
                select coalesce(duration_ms, 0) as duration_ms, coalesce(row_count, 0) as row_count, status
                from audit.query_runs where tenant_id = :tenant and query_run_id <> :run
                order by finished_at desc limit :window""",
                Map.of("tenant", tenantId, "run", queryRunId, "window", properties.zscoreWindow()),
                (rs, i) -> new QueryRunFeatures(rs.getLong("duration_ms"), rs.getLong("row_count"),
                        "failed".equals(rs.getString("status"))));
        return score(window, run);
    }

    Result score(List<QueryRunFeatures> window, QueryRunFeatures run) {
        if (window.size() < properties.zscoreMinSamples()) {
            return new Result(0, false);
        }
        double z = Math.abs(z(window.stream().mapToDouble(QueryRunFeatures::logDuration).toArray(),
                run.logDuration()));
        if (!run.failed()) {
            double[] rows = window.stream().filter(r -> !r.failed()).mapToDouble(QueryRunFeatures::logRows).toArray();
            if (rows.length >= properties.zscoreMinSamples()) {
                z = Math.max(z, Math.abs(z(rows, run.logRows())));
            }
        }
        return new Result(z, z > properties.zscoreThreshold());
    }

    private static double z(double[] values, double value) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double variance = 0;
        for (double v : values) {
            variance += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(variance / Math.max(1, values.length - 1));
        // a window of identical values: any other value is far off, the same value is not
        return std < 1e-9 ? (Math.abs(value - mean) < 1e-9 ? 0 : 1e6) : (value - mean) / std;
    }
}
