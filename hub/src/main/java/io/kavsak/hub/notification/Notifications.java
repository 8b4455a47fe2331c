package io.kavsak.hub.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavsak.hub.events.EventEnvelope;
import io.kavsak.hub.events.EventInbox;
import io.kavsak.hub.events.EventType;
import io.kavsak.hub.events.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code notification} table, the record of every mail: a request is accepted once per event (with
 * the event's inbox row), claimed with a lease before its mail is sent, and finished, SENT or FAILED,
 * together with its {@code notification.email.sent} / {@code .failed} event in the outbox.
 */
@Component("notifications")
public class Notifications {

    /** The exchange property the notification on its way is kept in. */
    public static final String NOTIFICATION = "kavsakNotification";
    /** The exchange property counting the passes over the providers (1 before the first redelivery). */
    public static final String ATTEMPTS = "kavsakMailAttempts";
    /** The exchange property naming the provider that took (or last refused) the mail. */
    public static final String PROVIDER = "kavsakMailProvider";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NamedParameterJdbcTemplate jdbc;
    private final Outbox outbox;
    private final NotificationProperties properties;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final ApplicationEventPublisher events;
    private final Timer latency;

    public Notifications(NamedParameterJdbcTemplate jdbc, Outbox outbox,
                         NotificationProperties properties, PlatformTransactionManager transactionManager,
                         MeterRegistry meters, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactionManager);
        this.meters = meters;
        this.latency = Timer.builder("kavsak.notifications.delivery.latency")
                .description("Time from a notification request's acceptance to its mail being taken by a provider")
                .publishPercentileHistogram()
                .register(meters);
    }

    /**
     * Records a request, once per event: runs in the event's inbox transaction, so the row commits with the
     * inbox row or not at all. The locale is the request's own, else the tenant's, else the default.
     */
    public void accept(Exchange exchange) {
        EventEnvelope event = exchange.getProperty(EventInbox.ENVELOPE, EventEnvelope.class);
        insert(event.eventId(), event.tenantId(), event.json(), event.occurredAt());
    }

    /**
     * Kavsak's own mails (recall notices, the onboarding welcome): a request with the fields of
     * {@code notification.email.requested}, recorded straight into the pipeline, in the caller's transaction
     * when there is one. True when it is new; a second request with the same event id is ignored.
     */
    public boolean request(String eventId, String tenantId, String to, String template, Map<String, ?> params,
                           String requestedBy) {
        Instant now = Instant.now();
        ObjectNode request = JSON.createObjectNode();
        request.put("event_id", eventId);
        request.put("event_type", EventType.EMAIL_REQUESTED.eventType());
        request.put("tenant_id", tenantId);
        request.put("to", to);
        request.put("body_template", template);
        request.set("body_params", JSON.valueToTree(params));
        request.put("requested_by", requestedBy);
        request.put("requested_at", now.toString());
        return insert(eventId, tenantId, request, now);
    }

    /** Deletes the recipient's address from a finished notification (its request keeps every other field). */
    public void forgetRecipient(UUID id) {
        jdbc.update("""
                update notification set recipient = null, request = (cast(request as jsonb) - 'to')::text
                where id = :id""", Map.of("id", id));
    }

    private boolean insert(String eventId, String tenantId, ObjectNode request, Instant requestedAt) {
        String locale = request.hasNonNull("locale") ? request.get("locale").asText() : tenantLocale(tenantId);
        return jdbc.update("""
                insert into notification (id, event_id, tenant_id, recipient, template, locale, request,
                                          requested_by, requested_at)
                values (:id, :eventId, :tenantId, :recipient, :template, :locale, :request, :requestedBy, :requestedAt)
                on conflict (event_id) do nothing
                """, new MapSqlParameterSource()
                .addValue("id", UUID.randomUUID())
                .addValue("eventId", eventId)
                .addValue("tenantId", tenantId)
                .addValue("recipient", text(request, "to"))
                .addValue("template", text(request, "body_template"))
                .addValue("locale", locale)
                .addValue("request", request.toString())
                .addValue("requestedBy", text(request, "requested_by"))
                .addValue("requestedAt", requestedAt == null ? null : Timestamp.from(requestedAt))) == 1;
    }

    private static String text(ObjectNode node, String field) {
        return node.hasNonNull(field) && !node.get(field).asText().isBlank() ? node.get(field).asText() : null;
    }

    /**
     * Claims the next due notifications for this replica: pending ones, and those whose claim lapsed (the
     * replica that held them stopped). Rows another replica is claiming at the same moment are skipped. A
     * tenant with a rate limit (mails per minute) gets no more than the limit minus the mails it was sent
     * in the last minute and those in flight; the rest wait, in order, for a later claim.
     */
    public List<Notification> claim() {
        return jdbc.query("""
                update notification set status = 'SENDING', claimed_until = now() + :lease * interval '1 millisecond'
                where id in (
                    select n.id from notification n
                    where n.id in (
                        select due.id from (
                            select d.id, d.tenant_id,
                                   row_number() over (partition by d.tenant_id order by d.accepted_at) as position
                            from notification d
                            where d.status = 'PENDING' or (d.status = 'SENDING' and d.claimed_until < now())
                        ) due
                        left join tenant t on t.tenant_id = due.tenant_id
                        where coalesce(t.mails_per_minute, :defaultLimit) <= 0
                           or due.position + (select count(*) from notification r
                                              where r.tenant_id = due.tenant_id
                                                and ((r.status = 'SENT' and r.finished_at > now() - interval '1 minute')
                                                     or (r.status = 'SENDING' and r.claimed_until >= now())))
                              <= coalesce(t.mails_per_minute, :defaultLimit))
                      and (n.status = 'PENDING' or (n.status = 'SENDING' and n.claimed_until < now()))
                    order by n.accepted_at limit :batch for update skip locked)
                returning id, event_id, tenant_id, recipient, template, locale, request, requested_at, accepted_at
                """, new MapSqlParameterSource()
                .addValue("lease", properties.lease().toMillis())
                .addValue("defaultLimit", properties.defaultMailsPerMinute())
                .addValue("batch", properties.claimBatch()), Notifications::claimed);
    }

    /** Extends the claim while the mail is retried, so no other replica takes it over meanwhile. */
    public void renewClaim(UUID id, int attempts) {
        jdbc.update("""
                update notification set claimed_until = now() + :lease * interval '1 millisecond', attempts = :attempts
                where id = :id and status = 'SENDING'
                """, new MapSqlParameterSource().addValue("id", id).addValue("attempts", attempts)
                .addValue("lease", properties.lease().toMillis()));
    }

    /** The mail was taken by a provider: SENT and {@code notification.email.sent}, in one transaction. */
    public void sent(Exchange exchange) {
        Notification notification = exchange.getProperty(NOTIFICATION, Notification.class);
        String provider = exchange.getProperty(PROVIDER, String.class);
        String messageId = exchange.getMessage().getHeader("CamelMailMessageId", String.class);
        int attempts = attempts(exchange);
        transactions.executeWithoutResult(status -> {
            int updated = jdbc.update("""
                    update notification set status = 'SENT', provider = :provider, smtp_message_id = :messageId,
                        attempts = :attempts, reason = null, claimed_until = null, finished_at = now()
                    where id = :id and status = 'SENDING'
                    """, new MapSqlParameterSource().addValue("id", notification.id()).addValue("provider", provider)
                    .addValue("messageId", messageId).addValue("attempts", attempts));
            if (updated == 1) {
                Map<String, Object> payload = payload(notification, attempts);
                payload.put("provider", provider);
                payload.put("smtp_message_id", messageId);
                outbox.append(EventType.EMAIL_SENT, notification.tenantId(), payload);
                events.publishEvent(new NotificationSent(notification));
            }
        });
        meters.counter("kavsak.notifications.sent", "provider", String.valueOf(provider),
                "template", notification.template()).increment();
        latency.record(Duration.between(notification.acceptedAt(), Instant.now()));
    }

    /** No provider took the mail, or it can never be sent: FAILED and {@code notification.email.failed}. */
    public void failed(Exchange exchange) {
        Notification notification = exchange.getProperty(NOTIFICATION, Notification.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = MailFailures.reason(error);
        String provider = exchange.getProperty(PROVIDER, String.class);
        int attempts = attempts(exchange);
        transactions.executeWithoutResult(status -> {
            int updated = jdbc.update("""
                    update notification set status = 'FAILED', provider = :provider, attempts = :attempts,
                        reason = :reason, claimed_until = null, finished_at = now()
                    where id = :id and status = 'SENDING'
                    """, new MapSqlParameterSource().addValue("id", notification.id()).addValue("provider", provider)
                    .addValue("attempts", attempts).addValue("reason", reason));
            if (updated == 1) {
                Map<String, Object> payload = payload(notification, attempts);
                payload.put("provider", provider);
                payload.put("reason", reason);
                outbox.append(EventType.EMAIL_FAILED, notification.tenantId(), payload);
            }
        });
        meters.counter("kavsak.notifications.failed", "template", notification.template(),
                "kind", MailFailures.isPermanent(error) ? "permanent" : "retries-exhausted").increment();
    }

    /** One attempt is one pass over the providers, counted before each redelivery. */
    static int attempts(Exchange exchange) {
        return exchange.getProperty(ATTEMPTS, 1, Integer.class);
    }

    /** The fields both outcome events carry; never the recipient's address. */
    private static Map<String, Object> payload(Notification notification, int attempts) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("notification_id", notification.id().toString());
        payload.put("request_event_id", notification.eventId());
        payload.put("template", notification.template());
        payload.put("attempts", attempts);
        String requestedBy = notification.request().path("requested_by").asText(null);
        if (requestedBy != null) {
            payload.put("requested_by", requestedBy);
        }
        return payload;
    }

    private String tenantLocale(String tenantId) {
        List<String> locale = jdbc.queryForList("select locale from tenant where tenant_id = :id and locale is not null",
                Map.of("id", tenantId), String.class);
        return locale.isEmpty() ? properties.defaultLocale() : locale.get(0);
    }

    private static Notification claimed(ResultSet rs, int row) throws SQLException {
        JsonNode request;
        try {
            request = JSON.readTree(rs.getString("request"));
        } catch (Exception e) {
            throw new SQLException("unreadable notification request " + rs.getString("id"), e);
        }
        Timestamp requestedAt = rs.getTimestamp("requested_at");
        return new Notification(UUID.fromString(rs.getString("id")), rs.getString("event_id"),
                rs.getString("tenant_id"), rs.getString("recipient"), rs.getString("template"),
                rs.getString("locale"), request, requestedAt == null ? null : requestedAt.toInstant(),
                rs.getTimestamp("accepted_at").toInstant());
    }
}
