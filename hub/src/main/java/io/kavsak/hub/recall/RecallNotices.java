package io.kavsak.hub.recall;

import io.kavsak.hub.tenant.Tenant;
import io.kavsak.hub.tenant.TenantRegistry;
import io.kavsak.hub.notification.NotificationSent;
import io.kavsak.hub.notification.Notifications;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes the recall e-mails and finds who gets them: the address the tenant configured for the user,
 * else the tenant's privacy contact. The notification pipeline renders and sends them (templates
 * recall_confirmation, recall_sla_warning, recall_sla_breached).
 */
@Component("recallNotices")
public class RecallNotices {

    private static final Logger log = LoggerFactory.getLogger(RecallNotices.class);
    /** The exchange property a REST route keeps the notice it hands on in. */
    public static final String NOTICE = "recallNotice";
    /** Event ids of recall notices: {@code recall:<recall id>:<kind>:<attempt>}. */
    static final String EVENT_PREFIX = "recall:";

    private final NamedParameterJdbcTemplate jdbc;
    private final TenantRegistry tenants;
    private final RecallRequests requests;
    private final RecallProperties properties;
    private final Notifications notifications;

    public RecallNotices(NamedParameterJdbcTemplate jdbc, TenantRegistry tenants, RecallRequests requests,
                         RecallProperties properties, Notifications notifications) {
        this.notifications = notifications;
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.requests = requests;
        this.properties = properties;
    }

    public RecallNotice confirmation(RecallRequest request) {
        String to = userAddress(request.tenantId(), request.userId()).orElse(privacyContact(request.tenantId()));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("recall_id", request.id().toString());
        params.put("mode", request.mode().name());
        params.put("requested_at", String.valueOf(request.requestedAt()));
        params.put("completed_at", String.valueOf(request.completedAt()));
        if (request.completedBy() != null) {
            params.put("completion_reason", String.valueOf(request.completionReason()));
        }
        return new RecallNotice(RecallNotice.Kind.CONFIRMATION, request.id(), request.tenantId(), to,
                "recall_confirmation", params);
    }

    public RecallNotice slaAlert(RecallRequest request, boolean breached) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("recall_id", request.id().toString());
        params.put("mode", request.mode().name());
        params.put("tenant_id", request.tenantId());
        params.put("requested_at", String.valueOf(request.requestedAt()));
        params.put("deadline", String.valueOf(request.deadline()));
        params.put("state", request.state().name());
        params.put("last_error", request.lastError() == null ? "none" : request.lastError());
        return new RecallNotice(breached ? RecallNotice.Kind.SLA_BREACHED : RecallNotice.Kind.SLA_WARNING,
                request.id(), request.tenantId(), privacyContact(request.tenantId()),
                breached ? "recall_sla_breached" : "recall_sla_warning", params);
    }

    /**
     * Mails still owed: confirmations of completed requests and SLA alerts of flagged ones that could not be
     * sent (the SMTP server was down, or the hub stopped).
     */
    public List<RecallNotice> owed() {
        int forgotten = requests.forgetUnnotified(properties.confirmationGiveUp());
        if (forgotten > 0) {
            log.warn("{} recall confirmation(s) could not be sent within {}: the users' ids and addresses are "
                    + "erased anyway; the confirmations go to the tenants' privacy contacts", forgotten,
                    properties.confirmationGiveUp());
        }
        List<RecallNotice> owed = new java.util.ArrayList<>(
                requests.unnotified(100).stream().map(this::confirmation).toList());
        requests.unmailedAlerts(true, 100).forEach(request -> owed.add(slaAlert(request, true)));
        requests.unmailedAlerts(false, 100).forEach(request -> owed.add(slaAlert(request, false)));
        return owed;
    }

    /**
     * Hands the notice to the notification pipeline, which retries it; it counts as sent when the pipeline
     * reports it sent ({@link #sent}). A notice whose mail failed for good is requested again by the resumer
     * (through {@link #owed}), under a new event id; one still on its way is not requested twice.
     */
    public void request(Exchange exchange) {
        RecallNotice notice = exchange.getMessage().getBody(RecallNotice.class);
        if (notice.to() == null) {
            log.warn("No address for the {} of recall {}: neither a user address nor a privacy contact is configured",
                    notice.kind(), notice.recallId());
            done(notice.kind(), notice.recallId());
            return;
        }
        String prefix = EVENT_PREFIX + notice.recallId() + ":" + notice.kind() + ":";
        Integer failed = jdbc.queryForObject("""
                select count(*) from notification where event_id like :prefix || '%' and status = 'FAILED'""",
                Map.of("prefix", prefix), Integer.class);
        notifications.request(prefix + (failed == null ? 1 : failed + 1), notice.tenantId(), notice.to(),
                notice.template(), notice.params(), "recall");
    }

    /** The pipeline sent a recall notice: mark it, and let the confirmation's address go. */
    @EventListener
    public void sent(NotificationSent sent) {
        String eventId = sent.notification().eventId();
        if (!eventId.startsWith(EVENT_PREFIX)) {
            return;
        }
        String[] parts = eventId.substring(EVENT_PREFIX.length()).split(":");
        RecallNotice.Kind kind = RecallNotice.Kind.valueOf(parts[1]);
        done(kind, UUID.fromString(parts[0]));
        if (kind == RecallNotice.Kind.CONFIRMATION) {
            notifications.forgetRecipient(sent.notification().id());
        }
    }

    /** The notice needs no further attempt: sent, or with nowhere to go. */
    private void done(RecallNotice.Kind kind, UUID recallId) {
        switch (kind) {
            case CONFIRMATION -> requests.markNotified(recallId);
            case SLA_WARNING -> requests.markAlertMailed(recallId, false);
            case SLA_BREACHED -> requests.markAlertMailed(recallId, true);
        }
    }

    public Optional<String> userAddress(String tenantId, String userId) {
        return jdbc.queryForList("select email from privacy_user_contact where tenant_id = :t and user_id = :u",
                Map.of("t", tenantId, "u", userId), String.class).stream().findFirst();
    }

    public void setUserAddress(String tenantId, String userId, String email) {
        jdbc.update("""
                insert into privacy_user_contact (tenant_id, user_id, email) values (:t, :u, :e)
                on conflict (tenant_id, user_id) do update set email = excluded.email, updated_at = now()
                """, Map.of("t", tenantId, "u", userId, "e", email));
    }

    private String privacyContact(String tenantId) {
        return tenants.find(tenantId).map(Tenant::privacyContact).orElse(null);
    }
}
