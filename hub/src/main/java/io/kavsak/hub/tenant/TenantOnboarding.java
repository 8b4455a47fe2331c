package io.kavsak.hub.tenant;

import io.kavsak.hub.events.EventEnvelope;
import io.kavsak.hub.events.EventInbox;
import io.kavsak.hub.notification.Notifications;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code tenant.onboarding.completed} (seed 002 §2.1): marks the tenant onboarded in the registry
 * ({@code onboarding_completed_at}) and requests the welcome mail, to the address the tenant configured for
 * the admin who completed it, else the tenant's privacy contact. Runs in the event's inbox transaction, so
 * both happen once per event.
 */
@Component("tenantOnboarding")
public class TenantOnboarding {

    private static final Logger log = LoggerFactory.getLogger(TenantOnboarding.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final TenantRegistry tenants;
    private final Notifications notifications;

    public TenantOnboarding(NamedParameterJdbcTemplate jdbc, TenantRegistry tenants, Notifications notifications) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.notifications = notifications;
    }

    public void completed(Exchange exchange) {
        EventEnvelope event = exchange.getProperty(EventInbox.ENVELOPE, EventEnvelope.class);
        String tenantId = event.tenantId();
        Optional<Tenant> tenant = tenants.find(tenantId);
        if (tenant.isPresent()) {
            jdbc.update("update tenant set onboarding_completed_at = :at, updated_at = now() where tenant_id = :id",
                    new MapSqlParameterSource().addValue("id", tenantId)
                            .addValue("at", Timestamp.from(event.occurredAt())));
        } else {
            log.warn("tenant.onboarding.completed for tenant {}, which is not registered: no onboarding date recorded",
                    tenantId);
        }
        String admin = event.text("triggered_by_user_id");
        List<String> own = admin == null ? List.of() : jdbc.queryForList(
                "select email from privacy_user_contact where tenant_id = :t and user_id = :u",
                Map.of("t", tenantId, "u", admin), String.class);
        String to = !own.isEmpty() ? own.get(0) : tenant.map(Tenant::privacyContact).orElse(null);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("tenant_name", tenant.map(Tenant::displayName).orElse(tenantId));
        params.put("completed_at", event.text("completed_at"));
        params.put("datasource_count", event.json().path("datasource_ids").size());
        // without an address the notification fails visibly ("no recipient address") in the log and as an event
        notifications.request("welcome:" + event.eventId(), tenantId, to, "welcome", params, "onboarding");
    }
}
