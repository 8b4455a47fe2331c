package io.kavsak.hub.anomaly;

import io.kavsak.hub.events.EventType;
import io.kavsak.hub.events.Outbox;
import io.kavsak.hub.notification.Notifications;
import io.kavsak.hub.tenant.Tenant;
import io.kavsak.hub.tenant.TenantRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Seed 003 task 14's critical alert: when more than {@code fallback-alert-rate} of a tenant's last
 * {@code fallback-window} detections were answered by the Z-score although a model version was active, an
 * episode opens and is announced once — ERROR log, counter, {@code anomaly.detector.fallback.alert} and a mail to
 * the tenant's contact; it closes when the rate falls back to or below the threshold.
 */
@Component
public class FallbackAlarm {

    private static final Logger log = LoggerFactory.getLogger(FallbackAlarm.class);
    static final String TEMPLATE = "anomaly_detector_fallback";

    private final NamedParameterJdbcTemplate jdbc;
    private final Outbox outbox;
    private final Notifications notifications;
    private final TenantRegistry tenants;
    private final AnomalyProperties properties;
    private final MeterRegistry meters;
    private final Map<String, AtomicLong> ratePermille = new ConcurrentHashMap<>();

    public FallbackAlarm(NamedParameterJdbcTemplate jdbc, Outbox outbox, Notifications notifications,
                         TenantRegistry tenants, AnomalyProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.notifications = notifications;
        this.tenants = tenants;
        this.properties = properties;
        this.meters = meters;
    }

    /** Looks at the tenant's recent detections; runs in the scored event's transaction. */
    public void check(String tenant) {
        List<Boolean> recent = jdbc.queryForList("""
                select fallback from ml_anomaly_detections where tenant_id = :tenant
                order by detected_at desc limit :window""",
                Map.of("tenant", tenant, "window", properties.fallbackWindow()), Boolean.class);
        if (recent.size() < properties.fallbackWindow()) {
            return;
        }
        double rate = recent.stream().filter(Boolean::booleanValue).count() / (double) recent.size();
        ratePermille.computeIfAbsent(tenant, t -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("kavsak.anomaly.fallback.rate", value, v -> v.get() / 1000.0).tag("tenant", t)
                    .description("Share of the tenant's recent detections the Z-score answered for an unusable model")
                    .register(meters);
            return value;
        }).set(Math.round(rate * 1000));
        String model = properties.modelName();
        if (rate <= properties.fallbackAlertRate()) {
            if (jdbc.update("""
                    update ml_anomaly_fallback_alerts set ended_at = now()
                    where tenant_id = :tenant and model_name = :model and ended_at is null""",
                    Map.of("tenant", tenant, "model", model)) > 0) {
                log.info("Anomaly detector of tenant {}: fallback rate back to {} %, alert episode closed", tenant,
                        Math.round(rate * 100));
            }
            return;
        }
        List<Long> opened = jdbc.queryForList("""
                insert into ml_anomaly_fallback_alerts (tenant_id, model_name, fallback_rate)
                values (:tenant, :model, :rate)
                on conflict (tenant_id, model_name) where ended_at is null do nothing
                returning id""", new MapSqlParameterSource().addValue("tenant", tenant).addValue("model", model)
                .addValue("rate", rate), Long.class);
        if (opened.isEmpty()) {
            return;
        }
        alert(tenant, opened.get(0), rate);
    }

    private void alert(String tenant, long episode, double rate) {
        String reason = jdbc.queryForList("""
                select fallback_reason from ml_anomaly_detections where tenant_id = :tenant and fallback
                order by detected_at desc limit 1""", Map.of("tenant", tenant), String.class).stream()
                .findFirst().orElse("unknown");
        String percent = String.valueOf(Math.round(rate * 100));
        log.error("Anomaly detector of tenant {}: {} % of the last {} detections fell back to the Z-score ({}); "
                + "the model {} cannot serve", tenant, percent, properties.fallbackWindow(), reason,
                properties.modelName());
        meters.counter("kavsak.anomaly.fallback.alerts", "tenant", tenant).increment();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("model_name", properties.modelName());
        payload.put("fallback_rate", rate);
        payload.put("window", properties.fallbackWindow());
        payload.put("reason", reason);
        payload.put("alerted_at", Instant.now().toString());
        outbox.append(EventType.ANOMALY_DETECTOR_FALLBACK_ALERT, tenant, payload);
        String to = tenants.find(tenant).map(Tenant::privacyContact).orElse(null);
        if (to == null) {
            log.warn("No contact address for tenant {}: the anomaly detector's fallback alert is not mailed", tenant);
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("tenant_id", tenant);
        params.put("model_name", properties.modelName());
        params.put("fallback_percent", percent);
        params.put("window", String.valueOf(properties.fallbackWindow()));
        params.put("reason", reason);
        notifications.request("anomaly-fallback:" + tenant + ":" + episode, tenant, to, TEMPLATE, params,
                "anomaly-detector");
    }
}
