package io.kavsak.hub.indexing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.tenant.TenantRegistry;
import io.kavsak.hub.web.ApiProblem;
import io.kavsak.hub.web.Caller;
import io.kavsak.hub.web.QueryParameters;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The operations behind {@code /api/v1/catalog} and {@code /api/v1/context}: a tenant admin manages the
 * exposed catalog and business rules; any caller of the tenant stores golden QA pairs and feedback, as
 * their own ({@code created_by_user_id} is the token's subject). The tenant is always the verified caller's
 * own; another tenant's records answer 404.
 */
@Component("catalogApi")
public class CatalogApi {

    static final String INDEX_JOBS = "/api/v1/catalog/index-jobs/";

    private final CatalogStore store;
    private final MetadataDb metadata;
    private final CatalogReader reader;
    private final SchemaCache cache;
    private final TenantRegistry tenants;
    private final ObjectMapper json;
    private final IndexJobStore jobs;

    public CatalogApi(CatalogStore store, MetadataDb metadata, CatalogReader reader, SchemaCache cache,
                      TenantRegistry tenants, ObjectMapper json, IndexJobStore jobs) {
        this.store = store;
        this.metadata = metadata;
        this.reader = reader;
        this.cache = cache;
        this.tenants = tenants;
        this.json = json;
        this.jobs = jobs;
    }

    public ExposedObject createObject(Exchange exchange) {
        String tenant = writable(admin(exchange));
        ExposedObjectInput in = body(exchange, ExposedObjectInput.class).checked();
        ExposedObject created = unique(() -> store.createObject(tenant, in), "An object with this name exists");
        cache.refreshQuietly(tenant, created.datasourceId(), created.id(), Optional.of(created));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        return created;
    }

    public ExposedObject getObject(Exchange exchange, @Header("objectId") String objectId) {
        String tenant = admin(exchange);
        UUID id = id(objectId);
        return cache.read(tenant, id, () -> reader.exposedObject(tenant, id))
                .orElseThrow(() -> ApiProblem.notFound("Object " + objectId));
    }

    public ExposedObject updateObject(Exchange exchange, @Header("objectId") String objectId) {
        String tenant = writable(admin(exchange));
        ExposedObjectInput in = body(exchange, ExposedObjectInput.class).checked();
        ExposedObject updated = unique(() -> store.updateObject(tenant, id(objectId), in),
                "An object with this name exists").orElseThrow(() -> ApiProblem.notFound("Object " + objectId));
        cache.refreshQuietly(tenant, updated.datasourceId(), updated.id(), Optional.of(updated));
        return updated;
    }

    public void deleteObject(Exchange exchange, @Header("objectId") String objectId) {
        String tenant = writable(admin(exchange));
        if (!store.deleteObject(tenant, id(objectId))) {
            throw ApiProblem.notFound("Object " + objectId);
        }
        cache.refreshQuietly(tenant, null, objectId, Optional.empty());
        noContent(exchange);
    }

    public ExposedColumn createColumn(Exchange exchange, @Header("objectId") String objectId) {
        String tenant = writable(admin(exchange));
        ExposedColumnInput in = body(exchange, ExposedColumnInput.class).checked();
        ExposedColumn created = unique(() -> store.createColumn(tenant, id(objectId), in),
                "The object has a column of this name").orElseThrow(() -> ApiProblem.notFound("Object " + objectId));
        refreshObject(tenant, objectId);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        return created;
    }

    public ExposedColumn updateColumn(Exchange exchange, @Header("columnId") String columnId) {
        String tenant = writable(admin(exchange));
        ExposedColumnInput in = body(exchange, ExposedColumnInput.class).checked();
        ExposedColumn updated = unique(() -> store.updateColumn(tenant, id(columnId), in),
                "The object has a column of this name").orElseThrow(() -> ApiProblem.notFound("Column " + columnId));
        refreshObject(tenant, updated.exposedObjectId());
        return updated;
    }

    public void deleteColumn(Exchange exchange, @Header("columnId") String columnId) {
        String tenant = writable(admin(exchange));
        String objectId = store.findColumn(tenant, id(columnId)).map(ExposedColumn::exposedObjectId)
                .orElseThrow(() -> ApiProblem.notFound("Column " + columnId));
        if (!store.deleteColumn(tenant, id(columnId))) {
            throw ApiProblem.notFound("Column " + columnId);
        }
        refreshObject(tenant, objectId);
        noContent(exchange);
    }

    public IndexJobAccepted requestIndex(Exchange exchange) {
        String tenant = admin(exchange);
        String jobId = store.requestIndex(tenant, body(exchange, IndexRequest.class).checked());
        String statusUrl = INDEX_JOBS + jobId;
        exchange.getMessage().setHeader("Location", statusUrl);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        return new IndexJobAccepted(jobId, "queued", statusUrl);
    }

    public IndexJob getIndexJob(Exchange exchange, @Header("jobId") String jobId) {
        String tenant = admin(exchange);
        return jobs.find(tenant, jobId).orElseThrow(() -> ApiProblem.notFound("Index job " + jobId));
    }

    public IndexJobList listIndexJobs(Exchange exchange, @Header("limit") String limit) {
        String tenant = admin(exchange);
        return new IndexJobList(jobs.recent(tenant, (int) QueryParameters.wholeNumber("limit", limit, 1, 100, 20)));
    }

    public BusinessRule createRule(Exchange exchange) {
        String tenant = writable(admin(exchange));
        BusinessRule created = store.createRule(tenant, body(exchange, BusinessRuleInput.class).checked());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        return created;
    }

    public BusinessRule updateRule(Exchange exchange, @Header("ruleId") String ruleId) {
        String tenant = writable(admin(exchange));
        return store.updateRule(tenant, id(ruleId), body(exchange, BusinessRuleInput.class).checked())
                .orElseThrow(() -> ApiProblem.notFound("Business rule " + ruleId));
    }

    public void deleteRule(Exchange exchange, @Header("ruleId") String ruleId) {
        String tenant = writable(admin(exchange));
        if (!store.deleteRule(tenant, id(ruleId))) {
            throw ApiProblem.notFound("Business rule " + ruleId);
        }
        noContent(exchange);
    }

    public ContextRecord createGoldenQa(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        String tenant = writable(tenants.requireActive(caller.ownTenant()));
        ContextRecord created = store.createGoldenQa(tenant, caller.subject(),
                body(exchange, GoldenQaInput.class).checked());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        return created;
    }

    public ContextRecord createFeedback(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        String tenant = writable(tenants.requireActive(caller.ownTenant()));
        ContextRecord created = store.createFeedback(tenant, caller.subject(),
                body(exchange, QueryFeedbackInput.class).checked());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        return created;
    }

    /** The admin reads their own write at once; the schema events refresh the cache again after it. */
    private void refreshObject(String tenant, String objectId) {
        cache.refreshQuietly(tenant, null, objectId, reader.exposedObject(tenant, UUID.fromString(objectId)));
    }

    /** With an external Metadata DB, other services own its rows and produce the events: no writes here. */
    private String writable(String tenant) {
        if (metadata.isExternal()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "Catalog is external", "This hub reads the catalog and context"
                    + " from an external Metadata DB (kavsak.indexing.metadata.url); change them through the service"
                    + " that owns it", null);
        }
        return tenant;
    }

    private String admin(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        caller.requireAny(Caller.ADMIN);
        return tenants.requireActive(caller.ownTenant());
    }

    private <T> T body(Exchange exchange, Class<T> type) {
        return CatalogInputs.read(json, exchange.getMessage().getBody(String.class), type);
    }

    private static <T> T unique(Supplier<T> write, String conflict) {
        try {
            return write.get();
        } catch (DuplicateKeyException e) {
            throw ApiProblem.conflict(conflict);
        }
    }

    /** A malformed id names no record of this tenant: 404, like another tenant's id. */
    private static UUID id(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiProblem.notFound("Record " + value);
        }
    }

    private static void noContent(Exchange exchange) {
        exchange.getMessage().setBody(null);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
    }
}
