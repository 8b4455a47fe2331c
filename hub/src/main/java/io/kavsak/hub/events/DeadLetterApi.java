package io.kavsak.hub.events;

import io.kavsak.hub.web.ApiProblem;
import io.kavsak.hub.web.Caller;
import io.kavsak.hub.web.PageAnswer;
import io.kavsak.hub.web.QueryParameters;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The dead-letter operations: a tenant's admin (or the operator) lists, inspects, replays and discards
 * the tenant's letters; the operator alone reaches every letter, including those of events that named
 * no registered tenant, under {@code /api/v1/dead-letters}.
 */
@Component("deadLetterApi")
public class DeadLetterApi {

    private final DeadLetterStore store;

    public DeadLetterApi(DeadLetterStore store) {
        this.store = store;
    }

    public Map<String, Object> list(Exchange exchange, @Header("tenantId") String tenantId,
                                    @Header("topic") String topic, @Header("status") String status,
                                    @Header("page") String page, @Header("size") String size) {
        return page(exchange, tenantScope(exchange, tenantId), topic, status, page, size);
    }

    public Map<String, Object> listAll(Exchange exchange, @Header("topic") String topic,
                                       @Header("status") String status, @Header("page") String page,
                                       @Header("size") String size) {
        return page(exchange, platformScope(exchange), topic, status, page, size);
    }

    public DeadLetter get(Exchange exchange, @Header("tenantId") String tenantId, @Header("letterId") String letterId) {
        return found(tenantScope(exchange, tenantId), letterId);
    }

    public DeadLetter getAny(Exchange exchange, @Header("letterId") String letterId) {
        return found(platformScope(exchange), letterId);
    }

    /** Claims a pending letter for replay (409 when it was replayed already); the route then publishes it. */
    public DeadLetter replay(Exchange exchange, @Header("tenantId") String tenantId,
                             @Header("letterId") String letterId) {
        return claim(exchange, tenantScope(exchange, tenantId), letterId);
    }

    public DeadLetter replayAny(Exchange exchange, @Header("letterId") String letterId) {
        return claim(exchange, platformScope(exchange), letterId);
    }

    public void discard(Exchange exchange, @Header("tenantId") String tenantId, @Header("letterId") String letterId) {
        remove(exchange, tenantScope(exchange, tenantId), letterId);
    }

    public void discardAny(Exchange exchange, @Header("letterId") String letterId) {
        remove(exchange, platformScope(exchange), letterId);
    }

    /** The replayed letter as the response, read from the exchange property the claim left. */
    public DeadLetter replayed(Exchange exchange) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        return exchange.getProperty(DeadLetterStore.LETTER, DeadLetter.class);
    }

    private Map<String, Object> page(Exchange exchange, Scope scope, String topic, String status, String page,
                                     String size) {
        DeadLetter.Status statusFilter = null;
        if (status != null && !status.isBlank()) {
            try {
                statusFilter = DeadLetter.Status.valueOf(status.trim());
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("status", "'status' must be one of " + List.of(DeadLetter.Status.values()));
            }
        }
        String topicFilter = topic == null || topic.isBlank() ? null : topic.trim();
        int pageNumber = (int) QueryParameters.wholeNumber("page", page, 0, 1_000_000, 0);
        int pageSize = (int) QueryParameters.wholeNumber("size", size, 1, 200, 20);
        List<DeadLetter> items = store.list(scope.tenantId(), topicFilter, statusFilter, pageNumber, pageSize);
        long total = store.count(scope.tenantId(), topicFilter, statusFilter);
        return PageAnswer.of(exchange, items, pageNumber, pageSize, total);
    }

    private DeadLetter found(Scope scope, String letterId) {
        return store.find(scope.tenantId(), id(letterId)).orElseThrow(() -> notFound(letterId));
    }

    private DeadLetter claim(Exchange exchange, Scope scope, String letterId) {
        UUID id = id(letterId);
        DeadLetter letter = store.claimForReplay(scope.tenantId(), id, scope.caller().subject())
                .orElseThrow(() -> store.find(scope.tenantId(), id).isPresent()
                        ? ApiProblem.conflict("Dead letter " + letterId + " was replayed already")
                        : notFound(letterId));
        exchange.setProperty(DeadLetterStore.LETTER, letter);
        return letter;
    }

    private void remove(Exchange exchange, Scope scope, String letterId) {
        if (!store.discard(scope.tenantId(), id(letterId))) {
            throw notFound(letterId);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        exchange.getMessage().setBody(null);
    }

    /** Who asks, and which letters they reach: one tenant's, or (tenantId null) every letter. */
    private record Scope(Caller caller, String tenantId) {
    }

    private static Scope tenantScope(Exchange exchange, String tenantId) {
        Caller caller = Caller.of(exchange);
        caller.requireAny(Caller.ADMIN, Caller.OPERATOR);
        return new Scope(caller, caller.tenantScope(tenantId, "Tenant " + tenantId));
    }

    private static Scope platformScope(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        caller.requireAny(Caller.OPERATOR);
        return new Scope(caller, null);
    }

    private static UUID id(String letterId) {
        try {
            return UUID.fromString(letterId);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw notFound(letterId);
        }
    }

    private static ApiProblem notFound(String letterId) {
        return ApiProblem.notFound("Dead letter " + letterId);
    }
}
