package io.kavsak.hub.anomaly;

import io.kavsak.hub.events.EventEnvelope;
import io.kavsak.hub.events.EventInbox;
import io.kavsak.hub.events.EventType;
import io.kavsak.hub.events.Outbox;
import io.kavsak.hub.models.LoadedModel;
import io.kavsak.hub.models.ModelLoader;
import io.kavsak.hub.models.ModelVersion;
import io.kavsak.hub.models.ModelVersions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.tribuo.Model;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.AnomalyInfo;
import org.tribuo.anomaly.Event;

/**
 * Scores every {@code query.run.completed} (seed 003 task 9): with the tenant's active anomaly model when it can
 * serve, else with the Z-score detector. An anomaly is announced as {@code query.run.anomaly.detected} and
 * counted. Runs in the event's inbox transaction, after the run was audited, so each run is scored once.
 */
@Component("queryRunAnomalyDetector")
public class QueryRunAnomalyDetector {

    private static final Logger log = LoggerFactory.getLogger(QueryRunAnomalyDetector.class);

    private final ModelLoader loader;
    private final ModelVersions versions;
    private final ZScoreDetector zscore;
    private final FallbackAlarm alarm;
    private final Outbox outbox;
    private final NamedParameterJdbcTemplate jdbc;
    private final AnomalyProperties properties;
    private final MeterRegistry meters;
    private final Timer scoring;

    public QueryRunAnomalyDetector(ModelLoader loader, ModelVersions versions, ZScoreDetector zscore,
                                   FallbackAlarm alarm, Outbox outbox, NamedParameterJdbcTemplate jdbc,
                                   AnomalyProperties properties, MeterRegistry meters) {
        this.loader = loader;
        this.versions = versions;
        this.zscore = zscore;
        this.alarm = alarm;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.properties = properties;
        this.meters = meters;
        this.scoring = Timer.builder("kavsak.anomaly.scoring").description("Time to score one query run")
                .register(meters);
    }

    /** The route's step: scores the event's run, records the detection, announces an anomaly, checks the alarm. */
    public void score(Exchange exchange) {
        EventEnvelope event = exchange.getProperty(EventInbox.ENVELOPE, EventEnvelope.class);
        String tenant = event.tenantId();
        String run = event.text("query_run_id");
        long durationMs = Duration.between(Instant.parse(event.text("started_at")),
                Instant.parse(event.text("finished_at"))).toMillis();
        QueryRunFeatures features = new QueryRunFeatures(durationMs, event.json().path("row_count").asLong(0),
                "failed".equals(event.text("status")));
        Detection detection = scoring.record(() -> detect(tenant, run, features));
        int inserted = jdbc.update("""
                insert into ml_anomaly_detections (tenant_id, query_run_id, detector, model_version, fallback,
                    fallback_reason, score, anomalous)
                values (:tenant, :run, :detector, :version, :fallback, :reason, :score, :anomalous)
                on conflict (tenant_id, query_run_id) do nothing""", new MapSqlParameterSource()
                .addValue("tenant", tenant).addValue("run", run).addValue("detector", detection.detector())
                .addValue("version", detection.modelVersion()).addValue("fallback", detection.fallback())
                .addValue("reason", detection.fallbackReason()).addValue("score", detection.score())
                .addValue("anomalous", detection.anomalous()));
        if (inserted == 0) {
            return;
        }
        meters.counter("kavsak.anomaly.detections", "tenant", tenant, "detector", detection.detector()).increment();
        if (detection.anomalous()) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("query_run_id", run);
            payload.put("score", detection.score());
            payload.put("detector", detection.detector());
            payload.put("model_name", properties.modelName());
            if (detection.modelVersion() != null) {
                payload.put("model_version", detection.modelVersion());
            }
            payload.put("features", features.asPayload());
            payload.put("detected_at", Instant.now().toString());
            outbox.append(EventType.QUERY_RUN_ANOMALY_DETECTED, tenant, payload);
            meters.counter("kavsak.anomaly.detected", "tenant", tenant, "detector", detection.detector())
                    .increment();
            log.info("Query run {} of tenant {} is anomalous ({} score {})", run, tenant, detection.detector(),
                    String.format("%.2f", detection.score()));
        }
        alarm.check(tenant);
    }

    /** The verdict on one run: the tenant's model when it can serve, else the Z-score over the recent runs. */
    public Detection detect(String tenant, String queryRunId, QueryRunFeatures features) {
        Optional<ModelVersion> active = versions.active(tenant, properties.modelName());
        String reason = null;
        if (active.isPresent()) {
            try {
                Optional<LoadedModel> served = loader.serving(tenant, properties.modelName());
                if (served.isEmpty()) {
                    reason = "no version of " + properties.modelName() + " can be loaded";
                } else if (usable(served.get().model())) {
                    @SuppressWarnings("unchecked")
                    Model<Event> model = (Model<Event>) served.get().model();
                    Event output = model.predict(features.example(AnomalyFactory.UNKNOWN_EVENT)).getOutput();
                    return new Detection(Detection.MODEL, served.get().version().version(), false, null,
                            -output.getScore(), output.getType() == Event.EventType.ANOMALOUS);
                } else {
                    reason = "version " + served.get().version().version()
                            + " is not an anomaly model over the query-run features";
                }
            } catch (RuntimeException e) {
                reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            log.debug("Tenant {}: the Z-score answers for {}: {}", tenant, properties.modelName(), reason);
        }
        ZScoreDetector.Result result = zscore.score(tenant, queryRunId, features);
        return new Detection(Detection.ZSCORE, null, active.isPresent(), reason, result.score(), result.anomalous());
    }

    /** An anomaly model whose features are the query-run features (the duration and row count at least). */
    static boolean usable(Model<?> model) {
        if (!((Object) model.getOutputIDInfo() instanceof AnomalyInfo)) {
            return false;
        }
        Set<String> names = new java.util.HashSet<>();
        model.getFeatureIDMap().forEach(info -> names.add(info.getName()));
        return names.contains(QueryRunFeatures.LOG_DURATION) && names.contains(QueryRunFeatures.LOG_ROWS)
                && Set.of(QueryRunFeatures.NAMES).containsAll(names);
    }
}
