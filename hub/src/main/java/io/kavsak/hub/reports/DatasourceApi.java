package io.kavsak.hub.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.tenant.TenantRegistry;
import io.kavsak.hub.web.ApiProblem;
import io.kavsak.hub.web.JsonRequest;
import io.kavsak.hub.web.Caller;
import jakarta.validation.Validator;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The operations behind {@code /api/v1/tenants/{tenantId}/datasources}: a tenant admin registers the databases its
 * reports read, tests the connection, and checks or previews a read-only query. The tenant is the caller's own;
 * another tenant's path answers 404.
 */
@Component("datasourceApi")
public class DatasourceApi {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final TenantDatasources datasources;
    private final JdbcUrlPolicy urls;
    private final DatasourcePools pools;
    private final ReportQueries queries;
    private final ReadOnlyQueryPolicy policy;
    private final TenantRegistry tenants;
    private final ObjectMapper json;
    private final Validator validator;

    public DatasourceApi(TenantDatasources datasources, JdbcUrlPolicy urls, DatasourcePools pools,
                         ReportQueries queries, ReadOnlyQueryPolicy policy, TenantRegistry tenants, ObjectMapper json,
                         Validator validator) {
        this.datasources = datasources;
        this.urls = urls;
        this.pools = pools;
        this.queries = queries;
        this.policy = policy;
        this.tenants = tenants;
        this.json = json;
        this.validator = validator;
    }

    public List<DatasourceView> list(Exchange exchange, @Header("tenantId") String tenantId) {
        return datasources.list(registrar(exchange, tenantId));
    }

    public DatasourceView get(Exchange exchange, @Header("tenantId") String tenantId, @Header("id") String id) {
        return datasources.require(registrar(exchange, tenantId), id(id));
    }

    public DatasourceView put(Exchange exchange, @Header("tenantId") String tenantId, @Header("id") String id) {
        String tenant = tenants.requireActive(registrar(exchange, tenantId));
        String datasource = id(id);
        DatasourceRequest request = body(exchange, DatasourceRequest.class);
        urls.check(request.jdbcUrl(), request.username());
        boolean exists = datasources.list(tenant).stream().anyMatch(d -> d.id().equals(datasource));
        DatasourceView saved = exists ? datasources.replace(tenant, datasource, request)
                : datasources.create(tenant, datasource, request);
        pools.evict(tenant, datasource);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, exists ? 200 : 201);
        return saved;
    }

    public void delete(Exchange exchange, @Header("tenantId") String tenantId, @Header("id") String id) {
        String tenant = registrar(exchange, tenantId);
        if (!datasources.delete(tenant, id(id))) {
            throw ApiProblem.notFound("The datasource " + id);
        }
        pools.evict(tenant, id);
        exchange.getMessage().setBody(null);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
    }

    public ConnectionTest testConnection(Exchange exchange, @Header("tenantId") String tenantId,
                                         @Header("id") String id) {
        return queries.testConnection(datasources.connectable(tenant(exchange, tenantId), id(id)));
    }

    public QueryCheck checkQuery(Exchange exchange, @Header("tenantId") String tenantId, @Header("id") String id) {
        datasources.require(tenant(exchange, tenantId), id(id));
        policy.check(body(exchange, QueryRequest.class).sql());
        return new QueryCheck(true, "SELECT");
    }

    public QueryPreview preview(Exchange exchange, @Header("tenantId") String tenantId, @Header("id") String id) {
        TenantDatasources.Connectable source = datasources.connectable(tenant(exchange, tenantId), id(id));
        String sql = body(exchange, QueryRequest.class).sql();
        try {
            return queries.preview(source, sql);
        } catch (ReportQueryFailedException e) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "Query failed", e.getMessage(), "sql");
        }
    }

    /**
     * Who may list, register, replace and remove datasources: the tenant's admin, and the operator, which
     * registers those a Tenant resource declares. Testing a connection and running queries stay the admin's.
     */
    private static String registrar(Exchange exchange, String tenantId) {
        Caller caller = Caller.of(exchange);
        if (caller.isPlatform()) {
            return caller.tenantScope(tenantId, "The tenant " + tenantId);
        }
        return tenant(exchange, tenantId);
    }

    private static String tenant(Exchange exchange, String tenantId) {
        return Caller.of(exchange).ownTenant(tenantId, "The tenant " + tenantId, Caller.ADMIN);
    }

    private static String id(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw ApiProblem.badRequest("id", "A datasource id is 1-63 lower-case letters, digits and dashes");
        }
        return id;
    }

    private <T> T body(Exchange exchange, Class<T> type) {
        return JsonRequest.typed(json, validator, exchange.getMessage().getBody(String.class), type);
    }
}
