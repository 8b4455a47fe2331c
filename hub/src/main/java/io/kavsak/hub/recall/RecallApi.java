package io.kavsak.hub.recall;

import io.kavsak.hub.web.PageAnswer;
import io.kavsak.hub.web.QueryParameters;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.tenant.TenantRegistry;
import io.kavsak.hub.web.ApiProblem;
import io.kavsak.hub.web.Caller;
import io.kavsak.hub.web.JsonRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The recall operations: the user's own request and status (seed 000), and the tenant-scoped admin
 * API that the operator's RecallRequest resource also uses (admin of the tenant; operator may create
 * and read in any tenant).
 */
@Component("recallApi")
public class RecallApi {

    private final RecallRequests requests;
    private final RecallNotices notices;
    private final TenantRegistry tenants;
    private final RecallMetrics metrics;
    private final ObjectMapper json;

    public RecallApi(RecallRequests requests, RecallNotices notices, TenantRegistry tenants, RecallMetrics metrics,
                     ObjectMapper json) {
        this.requests = requests;
        this.notices = notices;
        this.tenants = tenants;
        this.metrics = metrics;
        this.json = json;
    }

    public RecallStatus requestForSelf(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        String tenantId = activeTenant(caller.ownTenant());
        RecallMode mode = JsonRequest.parse(json, exchange.getMessage().getBody(String.class))
                .requiredEnum("mode", RecallMode.class);
        RecallRequests.Submission submission = requests.submit(tenantId, caller.subject(), mode, null, caller.subject());
        respond(exchange, submission);
        return RecallStatus.of(submission.request());
    }

    public RecallStatus statusForSelf(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        return requests.findCurrent(caller.ownTenant(), caller.subject()).map(RecallStatus::of)
                .orElse(RecallStatus.none());
    }

    public RecallView create(Exchange exchange, @Header("tenantId") String tenantId) {
        Caller caller = Caller.of(exchange);
        caller.requireAny(Caller.ADMIN, Caller.OPERATOR);
        String tenant = activeTenant(caller.tenantScope(tenantId, "Tenant " + tenantId));
        JsonRequest body = JsonRequest.parse(json, exchange.getMessage().getBody(String.class));
        String userId = body.requiredText("user_id");
        RecallMode mode = body.requiredEnum("mode", RecallMode.class);
        String externalRef = body.optionalText("external_ref");
        if (externalRef != null && (externalRef.isBlank() || externalRef.length() > 253)) {
            throw ApiProblem.badRequest("external_ref", "'external_ref' must be 1 to 253 characters");
        }
        RecallRequests.Submission submission = requests.submit(tenant, userId, mode, externalRef, caller.subject());
        respond(exchange, submission);
        return RecallView.of(submission.request(), null);
    }

    public Map<String, Object> list(Exchange exchange, @Header("tenantId") String tenantId,
                                    @Header("state") String state, @Header("overdue") String overdue,
                                    @Header("page") String page, @Header("size") String size) {
        Caller caller = Caller.of(exchange);
        caller.requireAny(Caller.ADMIN, Caller.OPERATOR);
        String tenant = caller.tenantScope(tenantId, "Tenant " + tenantId);
        RecallState stateFilter = null;
        if (state != null && !state.isBlank()) {
            try {
                stateFilter = RecallState.valueOf(state.trim());
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("state", "'state' must be one of " + List.of(RecallState.values()));
            }
        }
        Boolean overdueFilter = null;
        if (overdue != null && !overdue.isBlank()) {
            if (!overdue.equals("true") && !overdue.equals("false")) {
                throw ApiProblem.badRequest("overdue", "'overdue' must be true or false");
            }
            overdueFilter = Boolean.valueOf(overdue);
        }
        int pageNumber = (int) QueryParameters.wholeNumber("page", page, 0, 1_000_000, 0);
        int pageSize = (int) QueryParameters.wholeNumber("size", size, 1, 200, 20);
        List<RecallView> items = requests.list(tenant, stateFilter, overdueFilter, pageNumber, pageSize).stream()
                .map(r -> RecallView.of(r, null)).toList();
        long total = requests.count(tenant, stateFilter, overdueFilter);
        return PageAnswer.of(exchange, items, pageNumber, pageSize, total);
    }

    public RecallView get(Exchange exchange, @Header("tenantId") String tenantId, @Header("recallId") String recallId) {
        Caller caller = Caller.of(exchange);
        caller.requireAny(Caller.ADMIN, Caller.OPERATOR);
        RecallRequest request = scoped(caller, tenantId, recallId);
        return RecallView.of(request, requests.audit(request.id()));
    }

    public RecallView complete(Exchange exchange, @Header("tenantId") String tenantId,
                               @Header("recallId") String recallId) {
        Caller caller = Caller.of(exchange);
        caller.requireAny(Caller.ADMIN);
        RecallRequest request = scoped(caller, tenantId, recallId);
        String reason = JsonRequest.parse(json, exchange.getMessage().getBody(String.class)).requiredText("reason");
        RecallRequest completed = requests.completeManually(request.id(), caller.subject(), reason)
                .orElseThrow(() -> ApiProblem.conflict("Recall " + recallId + " is already completed"));
        metrics.completed(completed);
        exchange.setProperty(RecallNotices.NOTICE, notices.confirmation(completed));
        return RecallView.of(completed, requests.audit(completed.id()));
    }

    public RecallView retry(Exchange exchange, @Header("tenantId") String tenantId, @Header("recallId") String recallId) {
        Caller caller = Caller.of(exchange);
        caller.requireAny(Caller.ADMIN);
        RecallRequest request = scoped(caller, tenantId, recallId);
        RecallRequest rearmed = requests.rearm(request.id(), caller.subject())
                .orElseThrow(() -> ApiProblem.conflict("Recall " + recallId + " is already completed"));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        return RecallView.of(rearmed, requests.audit(rearmed.id()));
    }

    public Map<String, String> putContact(Exchange exchange, @Header("tenantId") String tenantId,
                                          @Header("userId") String userId) {
        Caller caller = Caller.of(exchange);
        caller.requireAny(Caller.ADMIN, Caller.OPERATOR);
        String tenant = activeTenant(caller.tenantScope(tenantId, "Tenant " + tenantId));
        String email = JsonRequest.parse(json, exchange.getMessage().getBody(String.class)).optionalEmail("email");
        if (email == null) {
            throw ApiProblem.badRequest("email", "'email' is required");
        }
        notices.setUserAddress(tenant, userId, email);
        return Map.of("tenant_id", tenant, "user_id", userId, "email", email);
    }

    private RecallRequest scoped(Caller caller, String tenantId, String recallId) {
        String tenant = caller.tenantScope(tenantId, "Recall " + recallId);
        UUID id;
        try {
            id = UUID.fromString(recallId);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("Recall " + recallId);
        }
        return requests.find(tenant, id).orElseThrow(() -> ApiProblem.notFound("Recall " + recallId));
    }

    private String activeTenant(String tenantId) {
        return tenants.findActive(tenantId).map(t -> t.tenantId())
                .orElseThrow(() -> ApiProblem.notFound("Tenant " + tenantId));
    }

    private static void respond(Exchange exchange, RecallRequests.Submission submission) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, submission.created() ? 201 : 200);
    }
}
