package io.kavsak.hub.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.tenant.TenantRegistry;
import io.kavsak.hub.web.ApiProblem;
import io.kavsak.hub.web.JsonRequest;
import io.kavsak.hub.web.Caller;
import io.kavsak.hub.web.QueryParameters;
import jakarta.validation.Validator;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The tenant-scoped notification API: the templates a tenant's mails are rendered with (admin may override
 * them; a template that does not compile is a 400 naming the line), the tenant's locale, and the
 * notification log (admin and operator read it).
 */
@Component("notificationApi")
public class NotificationApi {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,99}");
    private static final Pattern LOCALE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");
    private static final Set<String> STATUSES = Set.of("PENDING", "SENDING", "SENT", "FAILED");

    private final NotificationTemplates templates;
    private final NotificationLog log;
    private final TenantRegistry tenants;
    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Validator validator;

    public NotificationApi(NotificationTemplates templates, NotificationLog log, TenantRegistry tenants,
                           NamedParameterJdbcTemplate jdbc, ObjectMapper json, Validator validator) {
        this.templates = templates;
        this.log = log;
        this.tenants = tenants;
        this.jdbc = jdbc;
        this.json = json;
        this.validator = validator;
    }

    public NotificationTemplateList listTemplates(Exchange exchange, @Header("tenantId") String tenantId) {
        String tenant = scoped(exchange, tenantId, Caller.ADMIN, Caller.OPERATOR);
        List<NotificationTemplateList.Entry> items = new ArrayList<>(templates.tenantTemplates(tenant));
        templates.builtInNames().forEach((name, locales) -> locales.forEach(locale ->
                items.add(new NotificationTemplateList.Entry(name, locale, "built-in"))));
        items.sort(Comparator.comparing(NotificationTemplateList.Entry::name)
                .thenComparing(NotificationTemplateList.Entry::locale)
                .thenComparing(e -> e.source().equals("tenant") ? 0 : 1));
        return new NotificationTemplateList(items);
    }

    public NotificationTemplateView getTemplate(Exchange exchange, @Header("tenantId") String tenantId,
                                                @Header("name") String name, @Header("locale") String locale) {
        String tenant = scoped(exchange, tenantId, Caller.ADMIN, Caller.OPERATOR);
        checkNameAndLocale(name, locale);
        return templates.tenantTemplate(tenant, name, locale).orElseGet(() -> templates.builtIn(name, locale)
                .map(p -> new NotificationTemplateView(name, locale, "built-in", p.subject(), p.html(), p.text(), null))
                .orElseThrow(() -> ApiProblem.notFound("Template " + name + " (" + locale + ")")));
    }

    public NotificationTemplateView putTemplate(Exchange exchange, @Header("tenantId") String tenantId,
                                                @Header("name") String name, @Header("locale") String locale) {
        String tenant = tenants.requireActive(scoped(exchange, tenantId, Caller.ADMIN));
        checkNameAndLocale(name, locale);
        NotificationTemplateBody body = body(exchange, NotificationTemplateBody.class);
        boolean created = templates.save(tenant, name, locale,
                new NotificationTemplates.Parts(body.subject(), body.html(), body.text()));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, created ? 201 : 200);
        return templates.tenantTemplate(tenant, name, locale).orElseThrow();
    }

    public void deleteTemplate(Exchange exchange, @Header("tenantId") String tenantId,
                               @Header("name") String name, @Header("locale") String locale) {
        String tenant = scoped(exchange, tenantId, Caller.ADMIN);
        checkNameAndLocale(name, locale);
        if (!templates.delete(tenant, name, locale)) {
            throw ApiProblem.notFound("The tenant's template " + name + " (" + locale + ")");
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        exchange.getMessage().setBody(null);
    }

    public NotificationSettings putSettings(Exchange exchange, @Header("tenantId") String tenantId) {
        String tenant = tenants.requireActive(scoped(exchange, tenantId, Caller.ADMIN));
        NotificationSettings body = body(exchange, NotificationSettings.class);
        jdbc.update("""
                update tenant set locale = :locale, mails_per_minute = :limit, updated_at = now() where tenant_id = :id
                """, new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
                .addValue("locale", body.locale()).addValue("limit", body.mailsPerMinute(), java.sql.Types.INTEGER)
                .addValue("id", tenant));
        return body;
    }

    public NotificationPage listNotifications(Exchange exchange, @Header("tenantId") String tenantId,
                                              @Header("status") String status, @Header("template") String template,
                                              @Header("from") String from, @Header("to") String to,
                                              @Header("page") String page, @Header("size") String size) {
        String tenant = scoped(exchange, tenantId, Caller.ADMIN, Caller.OPERATOR);
        if (status != null && !status.isBlank() && !STATUSES.contains(status.trim())) {
            throw ApiProblem.badRequest("status", "'status' must be one of " + STATUSES);
        }
        NotificationLog.Filter filter = new NotificationLog.Filter(blankToNull(status), blankToNull(template),
                time("from", from), time("to", to));
        int pageNumber = (int) QueryParameters.wholeNumber("page", page, 0, 1_000_000, 0);
        int pageSize = (int) QueryParameters.wholeNumber("size", size, 1, 200, 20);
        long total = log.count(tenant, filter);
        exchange.getMessage().setHeader("X-Total-Count", total);
        return new NotificationPage(log.page(tenant, filter, pageNumber, pageSize), pageNumber, pageSize, total);
    }

    public NotificationView getNotification(Exchange exchange, @Header("tenantId") String tenantId,
                                            @Header("notificationId") String notificationId) {
        String tenant = scoped(exchange, tenantId, Caller.ADMIN, Caller.OPERATOR);
        UUID id;
        try {
            id = UUID.fromString(notificationId);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("Notification " + notificationId);
        }
        return log.find(tenant, id).orElseThrow(() -> ApiProblem.notFound("Notification " + notificationId));
    }

    /** Sends a FAILED notification again (role admin), with the same event id and so the same Message-ID. */
    public NotificationView retryNotification(Exchange exchange, @Header("tenantId") String tenantId,
                                              @Header("notificationId") String notificationId) {
        NotificationView failed = getNotification(exchange, tenantId, notificationId);
        Caller.of(exchange).requireAny(Caller.ADMIN);
        int updated = jdbc.update("""
                update notification set status = 'PENDING', attempts = 0, reason = null, provider = null,
                    finished_at = null, claimed_until = null
                where id = :id and tenant_id = :tenant and status = 'FAILED' and recipient is not null""",
                Map.of("id", failed.id(), "tenant", tenantId));
        if (updated != 1) {
            throw ApiProblem.conflict("Notification " + notificationId + " is " + failed.status()
                    + "; only a FAILED notification that still has its recipient can be sent again");
        }
        return log.find(tenantId, failed.id()).orElseThrow();
    }

    private static String scoped(Exchange exchange, String tenantId, String... roles) {
        Caller caller = Caller.of(exchange);
        caller.requireAny(roles);
        return caller.tenantScope(tenantId, "Tenant " + tenantId);
    }

    private static void checkNameAndLocale(String name, String locale) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiProblem.badRequest("name", "'name' must be 1 to 100 of a-z, 0-9, '_', '.', '-'");
        }
        if (locale == null || !LOCALE.matcher(locale).matches()) {
            throw ApiProblem.badRequest("locale", "'locale' must be a language tag such as en or tr");
        }
    }

    private <T> T body(Exchange exchange, Class<T> type) {
        return JsonRequest.typed(json, validator, exchange.getMessage().getBody(String.class), type);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static Instant time(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest(field, "'" + field + "' must be an ISO-8601 timestamp with offset");
        }
    }
}
