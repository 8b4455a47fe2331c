package io.kavsak.hub.anomaly;

import java.util.Random;

/**
 * Generated query runs of one tenant, shaped like an NL-to-SQL workload rather than around the detector: mostly
 * interactive look-ups (sub-second, tens of rows), some reports (seconds, thousands of rows), a few failures
 * (no rows); all log-normal. Anomalies are what operations would page for: runaway queries (tens of minutes),
 * data dumps (millions of rows) and queries that hang until a long timeout.
 */
final class QueryRuns {

    record Run(long durationMs, Long rowCount, boolean failed, boolean anomalous) {

        QueryRunFeatures features() {
            return new QueryRunFeatures(durationMs, rowCount == null ? 0 : rowCount, failed);
        }
    }

    private final Random random;

    QueryRuns(long seed) {
        this.random = new Random(seed);
    }

    Run normal() {
        double kind = random.nextDouble();
        if (kind < 0.05) {
            return new Run(logNormal(800, 1.0), null, true, false);
        }
        if (kind < 0.30) {
            return new Run(logNormal(4_000, 0.7), logNormal(2_000, 1.0), false, false);
        }
        return new Run(logNormal(300, 0.6), logNormal(20, 1.2), false, false);
    }

    Run anomalous() {
        return switch (random.nextInt(3)) {
            case 0 -> new Run(20 * 60_000 + random.nextInt(40 * 60_000), logNormal(2_000, 1.0), false, true);
            case 1 -> new Run(logNormal(60_000, 0.5), 2_000_000L + random.nextInt(18_000_000), false, true);
            default -> new Run(10 * 60_000 + random.nextInt(20 * 60_000), null, true, true);
        };
    }

    private long logNormal(double median, double sigma) {
        return Math.max(0, Math.round(median * Math.exp(sigma * random.nextGaussian())));
    }
}
