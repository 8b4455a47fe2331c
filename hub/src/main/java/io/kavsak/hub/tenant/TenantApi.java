package io.kavsak.hub.tenant;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.web.ApiProblem;
import io.kavsak.hub.web.Caller;
import io.kavsak.hub.web.JsonRequest;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The operations behind {@code /api/v1/tenants/{tenantId}}. The operator registers any tenant; a
 * tenant's own admin may read and update it; nobody sees another tenant (404).
 */
@Component("tenantApi")
public class TenantApi {

    /** Tenant ids become Kubernetes names and directory names: DNS-1123 labels. */
    public static final Pattern TENANT_ID = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

    private final TenantRegistry registry;
    private final ObjectMapper json;

    public TenantApi(TenantRegistry registry, ObjectMapper json) {
        this.registry = registry;
        this.json = json;
    }

    public Tenant get(Exchange exchange, @Header("tenantId") String tenantId) {
        Caller caller = Caller.of(exchange);
        caller.requireAny(Caller.ADMIN, Caller.OPERATOR);
        String id = caller.tenantScope(tenantId, "Tenant " + tenantId);
        return registry.find(id).orElseThrow(() -> ApiProblem.notFound("Tenant " + tenantId));
    }

    public Tenant put(Exchange exchange, @Header("tenantId") String tenantId) {
        Caller caller = Caller.of(exchange);
        caller.requireAny(Caller.ADMIN, Caller.OPERATOR);
        String id = caller.tenantScope(tenantId, "Tenant " + tenantId);
        if (!TENANT_ID.matcher(id).matches()) {
            throw ApiProblem.badRequest("tenantId", "A tenant id is a DNS-1123 label: lower-case letters, "
                    + "digits and '-', at most 63 characters");
        }
        JsonRequest body = JsonRequest.parse(json, exchange.getMessage().getBody(String.class));
        if (!caller.isPlatform()) {
            // a tenant's admin edits how the tenant is named and reached; only the operator creates a tenant,
            // (re)activates it or places its storage
            if (body.node().has("storage_path")) {
                throw ApiProblem.forbidden("Only the operator sets a tenant's storage_path");
            }
            if (!registry.updateActive(id, body.requiredText("display_name"), body.optionalEmail("privacy_contact"))) {
                throw ApiProblem.notFound("Tenant " + tenantId);
            }
            return registry.find(id).orElseThrow();
        }
        boolean created = registry.upsert(id, body.requiredText("display_name"),
                body.optionalEmail("privacy_contact"), body.optionalText("storage_path"));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, created ? 201 : 200);
        return registry.find(id).orElseThrow();
    }

    public void delete(Exchange exchange, @Header("tenantId") String tenantId) {
        Caller caller = Caller.of(exchange);
        caller.requireAny(Caller.OPERATOR);
        if (!registry.deactivate(tenantId)) {
            throw ApiProblem.notFound("Tenant " + tenantId);
        }
        exchange.getMessage().setBody(null);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
    }
}
