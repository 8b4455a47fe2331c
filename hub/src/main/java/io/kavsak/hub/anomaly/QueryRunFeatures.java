package io.kavsak.hub.anomaly;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ArrayExample;

/**
 * What the detector sees of a query run: its duration and row count, log-scaled (both are heavy-tailed), and
 * whether it failed. No user, question or SQL: nothing personal goes into a model or an anomaly event.
 */
public record QueryRunFeatures(long durationMs, long rowCount, boolean failed) {

    static final String LOG_DURATION = "log_duration_ms";
    static final String LOG_ROWS = "log_row_count";
    static final String FAILED = "failed";
    static final String[] NAMES = {LOG_DURATION, LOG_ROWS, FAILED};

    public QueryRunFeatures {
        durationMs = Math.max(0, durationMs);
        rowCount = Math.max(0, rowCount);
    }

    double logDuration() {
        return Math.log1p(durationMs);
    }

    double logRows() {
        return Math.log1p(rowCount);
    }

    Example<Event> example(Event label) {
        return new ArrayExample<>(label, NAMES, new double[] {logDuration(), logRows(), failed ? 1 : 0});
    }

    /** The features as they appear in the anomaly event. */
    Map<String, Object> asPayload() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("duration_ms", durationMs);
        payload.put("row_count", rowCount);
        payload.put("status", failed ? "failed" : "succeeded");
        return payload;
    }
}
