package io.kavsak.hub.training;

import io.kavsak.hub.web.QueryParameters;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.web.ApiProblem;
import io.kavsak.hub.tenant.TenantRegistry;
import io.kavsak.hub.web.Caller;
import io.kavsak.hub.web.JsonRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The training log over REST: record an event (service or admin, or the user for themselves), list a
 * user's linked events (admin), and page through the training set that training jobs read.
 */
@Component("trainingApi")
public class TrainingApi {

    static final ObjectMapper JSON = new ObjectMapper();

    private final TrainingLog log;
    private final ObjectMapper json;

    private final TenantRegistry tenants;

    public TrainingApi(TrainingLog log, ObjectMapper json, TenantRegistry tenants) {
        this.tenants = tenants;
        this.log = log;
        this.json = json;
    }

    public Map<String, Object> record(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        String tenantId = tenants.requireActive(caller.ownTenant());
        JsonRequest body = JsonRequest.parse(json, exchange.getMessage().getBody(String.class));
        String userId = body.requiredText("user_id");
        caller.requireSelfOrAny(userId, Caller.SERVICE, Caller.ADMIN);
        String kind = body.requiredText("kind");
        String eventId = body.optionalText("training_event_id");
        JsonNode payload = body.node().get("payload");
        if (payload != null && !payload.isNull() && !payload.isObject()) {
            throw ApiProblem.badRequest("payload", "'payload' must be a JSON object");
        }
        Instant occurredAt = Instant.now();
        String occurred = body.optionalText("occurred_at");
        if (occurred != null) {
            try {
                occurredAt = OffsetDateTime.parse(occurred).toInstant();
            } catch (DateTimeParseException e) {
                throw ApiProblem.badRequest("occurred_at", "'occurred_at' must be an ISO-8601 timestamp with offset");
            }
        }
        String id = eventId == null ? UUID.randomUUID().toString() : eventId;
        TrainingLog.Outcome outcome = log.record(tenantId, userId, id, kind,
                payload == null || payload.isNull() ? "{}" : payload.toString(), occurredAt);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, outcome == TrainingLog.Outcome.RECORDED ? 201 : 200);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("training_event_id", id);
        answer.put("user_id", userId);
        answer.put("outcome", outcome.name());
        answer.put("excluded", outcome == TrainingLog.Outcome.EXCLUDED);
        return answer;
    }

    public List<TrainingLog.TrainingEvent> forUser(Exchange exchange, @Header("user_id") String userId) {
        Caller caller = Caller.of(exchange);
        String tenantId = caller.ownTenant();
        if (userId == null || userId.isBlank()) {
            throw ApiProblem.badRequest("user_id", "the query parameter 'user_id' is required");
        }
        caller.requireSelfOrAny(userId, Caller.SERVICE, Caller.ADMIN);
        return log.forUser(tenantId, userId);
    }

    public Map<String, Object> trainingSet(Exchange exchange, @Header("after") String after, @Header("size") String size) {
        Caller caller = Caller.of(exchange);
        String tenantId = caller.ownTenant();
        caller.requireAny(Caller.SERVICE, Caller.ADMIN);
        long from = QueryParameters.wholeNumber("after", after, 0, Long.MAX_VALUE, 0);
        int limit = (int) QueryParameters.wholeNumber("size", size, 1, 5000, 500);
        List<Map<String, Object>> rows = log.trainingSet(tenantId, from, limit);
        List<Map<String, Object>> items = rows.stream().map(row -> {
            Map<String, Object> item = new LinkedHashMap<>(row);
            try {
                item.put("payload", JSON.readTree((String) row.get("payload")));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return item;
        }).toList();
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("next_after", items.isEmpty() ? null : items.get(items.size() - 1).get("position"));
        return page;
    }
}
