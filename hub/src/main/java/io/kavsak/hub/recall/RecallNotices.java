package io.kavsak.hub.recall;

import io.kavsak.hub.tenant.Tenant;
import io.kavsak.hub.tenant.TenantRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes the recall e-mails and finds who gets them: the address the tenant configured for the user,
 * else the tenant's privacy contact. The mail route sends them through camel-mail.
 */
@Component("recallNotices")
public class RecallNotices {

    private static final Logger log = LoggerFactory.getLogger(RecallNotices.class);
    public static final String NOTICE = "recallNotice";

    private final NamedParameterJdbcTemplate jdbc;
    private final TenantRegistry tenants;
    private final RecallRequests requests;
    private final RecallProperties properties;

    public RecallNotices(NamedParameterJdbcTemplate jdbc, TenantRegistry tenants, RecallRequests requests,
                         RecallProperties properties) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.requests = requests;
        this.properties = properties;
    }

    public RecallNotice confirmation(RecallRequest request) {
        String to = userAddress(request.tenantId(), request.userId()).orElse(privacyContact(request.tenantId()));
        String what = request.mode() == RecallMode.FULL_EXCLUDE
                ? "Your data has been deleted from our feature store and training data, and will never be used for training again."
                : "Your data has been irreversibly anonymized: nothing we keep can be linked back to you, and it will never be used for training again.";
        String how = request.completedBy() == null
                ? "was completed on %s.".formatted(request.completedAt())
                : """
                was marked completed by an administrator on %s, without the automatic erasure finishing. The reason                 given: "%s". If you believe data of yours remains, reply to this message.""".formatted(
                        request.completedAt(), request.completionReason());
        String text = """
                Your data recall request %s (%s), made on %s, %s

                %s
                """.formatted(request.id(), request.mode(), request.requestedAt(), how,
                request.completedBy() == null ? what : "");
        return new RecallNotice(RecallNotice.Kind.CONFIRMATION, request.id(), to,
                "Your data recall request is completed", text);
    }

    public RecallNotice slaAlert(RecallRequest request, boolean breached) {
        String text = """
                Recall request %s (%s) of tenant %s, requested on %s, %s its deadline %s.
                State: %s. Last error: %s
                """.formatted(request.id(), request.mode(), request.tenantId(), request.requestedAt(),
                breached ? "is past" : "is close to", request.deadline(), request.state(),
                request.lastError() == null ? "none" : request.lastError());
        return new RecallNotice(breached ? RecallNotice.Kind.SLA_BREACHED : RecallNotice.Kind.SLA_WARNING,
                request.id(), privacyContact(request.tenantId()),
                (breached ? "Recall SLA breached: " : "Recall SLA at risk: ") + request.id(), text);
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

    /** Turns the notice into the mail: only To, From and Subject travel, every other header was removed. */
    public void toMail(Exchange exchange) {
        RecallNotice notice = exchange.getProperty(NOTICE, RecallNotice.class);
        exchange.getMessage().setHeader("To", notice.to());
        exchange.getMessage().setHeader("From", properties.mailFrom());
        exchange.getMessage().setHeader("Subject", notice.subject());
        exchange.getMessage().setHeader("Content-Type", "text/plain; charset=UTF-8");
        exchange.getMessage().setBody(notice.text());
    }

    public void sent(Exchange exchange) {
        done(exchange.getProperty(NOTICE, RecallNotice.class));
    }

    /** The notice needs no further attempt: sent, or with nowhere to go. */
    private void done(RecallNotice notice) {
        switch (notice.kind()) {
            case CONFIRMATION -> requests.markNotified(notice.recallId());
            case SLA_WARNING -> requests.markAlertMailed(notice.recallId(), false);
            case SLA_BREACHED -> requests.markAlertMailed(notice.recallId(), true);
        }
    }

    public void unsent(Exchange exchange) {
        RecallNotice notice = exchange.getProperty(NOTICE, RecallNotice.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (notice.to() == null) {
            log.warn("No address for the {} of recall {}: neither a user address nor a privacy contact is configured",
                    notice.kind(), notice.recallId());
            done(notice);
        } else {
            log.warn("Could not send the {} of recall {}; it is retried later: {}", notice.kind(), notice.recallId(),
                    error == null ? "unknown" : error.getMessage());
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
