package io.kavsak.hub.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.tenant.TenantRegistry;
import io.kavsak.hub.web.ApiProblem;
import io.kavsak.hub.web.Caller;
import io.kavsak.hub.web.JsonRequest;
import io.kavsak.hub.web.QueryParameters;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.validation.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.quartz.CronExpression;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The operations behind {@code /api/v1/tenants/{tenantId}/report-queries} and {@code …/report-schedules}: a tenant
 * admin saves favourite queries (checked by {@link ReadOnlyQueryPolicy} on save), schedules them on a Quartz cron
 * in a time zone, runs a job now and reads its run history. The tenant is the caller's own; another tenant's path
 * answers 404.
 */
@Component("reportScheduleApi")
public class ReportScheduleApi {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final SavedQueries queries;
    private final ReportSchedules schedules;
    private final ReportRuns runs;
    private final TenantDatasources datasources;
    private final ReadOnlyQueryPolicy policy;
    private final TenantRegistry tenants;
    private final ObjectMapper json;
    private final Validator validator;
    private final ScheduleProperties properties;
    private final Path storageRoot;

    public ReportScheduleApi(SavedQueries queries, ReportSchedules schedules, ReportRuns runs,
                             TenantDatasources datasources, ReadOnlyQueryPolicy policy, TenantRegistry tenants,
                             ObjectMapper json, Validator validator, ScheduleProperties properties,
                             @Value("${kavsak.storage.root}") String root) {
        this.queries = queries;
        this.schedules = schedules;
        this.runs = runs;
        this.datasources = datasources;
        this.policy = policy;
        this.tenants = tenants;
        this.json = json;
        this.validator = validator;
        this.properties = properties;
        this.storageRoot = Path.of(root).toAbsolutePath().normalize();
    }

    public List<SavedQueryView> listQueries(Exchange exchange, @Header("tenantId") String tenantId) {
        return queries.list(tenant(exchange, tenantId));
    }

    public SavedQueryView getQuery(Exchange exchange, @Header("tenantId") String tenantId, @Header("id") String id) {
        return queries.require(tenant(exchange, tenantId), id(id));
    }

    public SavedQueryView putQuery(Exchange exchange, @Header("tenantId") String tenantId, @Header("id") String id) {
        String tenant = tenants.requireActive(tenant(exchange, tenantId));
        String query = id(id);
        SavedQueryRequest request = body(exchange, SavedQueryRequest.class);
        if (datasources.list(tenant).stream().noneMatch(d -> d.id().equals(request.datasourceId()))) {
            throw ApiProblem.badRequest("datasource_id", "The tenant has no datasource '" + request.datasourceId() + "'");
        }
        policy.check(request.sql());
        if (request.parameters() != null) {
            for (Object value : request.parameters()) {
                if (value instanceof Map || value instanceof List) {
                    throw ApiProblem.badRequest("parameters",
                            "A parameter is a string, number, boolean or null, not an object or array");
                }
            }
        }
        boolean created = queries.save(tenant, query, request);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, created ? 201 : 200);
        return queries.require(tenant, query);
    }

    public void deleteQuery(Exchange exchange, @Header("tenantId") String tenantId, @Header("id") String id) {
        if (!queries.delete(tenant(exchange, tenantId), id(id))) {
            throw ApiProblem.notFound("The saved query " + id);
        }
        noContent(exchange);
    }

    public List<ScheduleView> listSchedules(Exchange exchange, @Header("tenantId") String tenantId) {
        return schedules.list(tenant(exchange, tenantId)).stream().map(schedules::view).toList();
    }

    public ScheduleView getSchedule(Exchange exchange, @Header("tenantId") String tenantId, @Header("id") String id) {
        return schedules.view(schedules.require(tenant(exchange, tenantId), id(id)));
    }

    public ScheduleView putSchedule(Exchange exchange, @Header("tenantId") String tenantId, @Header("id") String id) {
        String tenant = tenants.requireActive(tenant(exchange, tenantId));
        String schedule = id(id);
        ScheduleRequest request = body(exchange, ScheduleRequest.class);
        try {
            CronExpression.validateExpression(request.cron());
        } catch (ParseException e) {
            throw ApiProblem.badRequest("cron", "'" + request.cron() + "' is not a Quartz cron expression: "
                    + e.getMessage());
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(request.timeZone());
        } catch (DateTimeException e) {
            throw ApiProblem.badRequest("time_zone", "'" + request.timeZone() + "' is not a known time zone");
        }
        requireMinimumInterval(request.cron(), zone);
        for (String to : request.recipients()) {
            try {
                new InternetAddress(to, true).validate();
            } catch (AddressException e) {
                throw ApiProblem.badRequest("recipients", "'" + to + "' is not a valid mail address");
            }
        }
        if (queries.find(tenant, request.favoriteQueryId()).isEmpty()) {
            throw ApiProblem.badRequest("favorite_query_id",
                    "The tenant has no saved query '" + request.favoriteQueryId() + "'");
        }
        boolean created = schedules.save(tenant, schedule, request);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, created ? 201 : 200);
        return schedules.view(schedules.require(tenant, schedule));
    }

    public void deleteSchedule(Exchange exchange, @Header("tenantId") String tenantId, @Header("id") String id) {
        String tenant = tenant(exchange, tenantId);
        String schedule = id(id);
        if (!schedules.delete(tenant, schedule)) {
            throw ApiProblem.notFound("The schedule " + id);
        }
        deleteExports(tenant, schedule);
        noContent(exchange);
    }

    public ReportRunView runSchedule(Exchange exchange, @Header("tenantId") String tenantId, @Header("id") String id) {
        ReportRunView run = runs.runNow(tenant(exchange, tenantId), id(id));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        return run;
    }

    public ReportRunPage listRuns(Exchange exchange, @Header("tenantId") String tenantId, @Header("id") String id,
                                  @Header("page") String page, @Header("size") String size) {
        String tenant = tenant(exchange, tenantId);
        String schedule = id(id);
        schedules.require(tenant, schedule);
        int pageNumber = (int) QueryParameters.wholeNumber("page", page, 0, 1_000_000, 0);
        int pageSize = (int) QueryParameters.wholeNumber("size", size, 1, 200, 20);
        return new ReportRunPage(runs.page(tenant, schedule, pageNumber, pageSize), pageNumber, pageSize,
                runs.count(tenant, schedule));
    }

    public ReportRunView getRun(Exchange exchange, @Header("tenantId") String tenantId, @Header("id") String id,
                                @Header("runId") String runId) {
        UUID run;
        try {
            run = UUID.fromString(String.valueOf(runId));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("The run " + runId);
        }
        return runs.require(tenant(exchange, tenantId), id(id), run);
    }

    /** A deleted schedule's exports go with its run records: no file without a run record. */
    private void deleteExports(String tenant, String schedule) {
        Path directory = storageRoot.resolve("tenants").resolve(tenant).resolve("exports").resolve(schedule);
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not delete the exports of schedule " + schedule, e);
        }
    }

    private static void noContent(Exchange exchange) {
        exchange.getMessage().setBody(null);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
    }

    /**
     * Refuses a cron whose firings come closer than {@code kavsak.reports.schedules.min-interval} (checked over
     * its next 50 firings): each firing runs the query on the tenant's database, writes a file and mails every
     * recipient.
     */
    private void requireMinimumInterval(String cron, ZoneId zone) {
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        } catch (ParseException e) {
            throw ApiProblem.badRequest("cron", "'" + cron + "' is not a Quartz cron expression: " + e.getMessage());
        }
        expression.setTimeZone(java.util.TimeZone.getTimeZone(zone));
        java.util.Date previous = expression.getNextValidTimeAfter(new java.util.Date());
        for (int i = 0; i < 50 && previous != null; i++) {
            java.util.Date next = expression.getNextValidTimeAfter(previous);
            if (next != null && next.getTime() - previous.getTime() < properties.minInterval().toMillis()) {
                throw ApiProblem.badRequest("cron", "'" + cron + "' fires more often than every "
                        + properties.minInterval() + " (kavsak.reports.schedules.min-interval)");
            }
            previous = next;
        }
    }

    private static String tenant(Exchange exchange, String tenantId) {
        return Caller.of(exchange).ownTenant(tenantId, "The tenant " + tenantId, Caller.ADMIN);
    }

    private static String id(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw ApiProblem.badRequest("id", "An id is 1-63 lower-case letters, digits and dashes");
        }
        return id;
    }

    private <T> T body(Exchange exchange, Class<T> type) {
        return JsonRequest.typed(json, validator, exchange.getMessage().getBody(String.class), type);
    }
}
