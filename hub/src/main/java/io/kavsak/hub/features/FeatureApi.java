package io.kavsak.hub.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.tenant.TenantRegistry;
import io.kavsak.hub.web.ApiProblem;
import io.kavsak.hub.web.Caller;
import io.kavsak.hub.web.JsonRequest;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * {@code /api/v1/features/{userId}}: the REST write and read path of the feature store, for the
 * caller's tenant (roles service or admin, or the user on their own features).
 */
@Component("featureApi")
public class FeatureApi {

    private final FeatureStore store;
    private final ObjectMapper json;

    private final TenantRegistry tenants;

    public FeatureApi(FeatureStore store, ObjectMapper json, TenantRegistry tenants) {
        this.tenants = tenants;
        this.store = store;
        this.json = json;
    }

    public FeatureStore.UserFeatures put(Exchange exchange, @Header("userId") String userId) {
        Caller caller = Caller.of(exchange);
        String tenantId = tenants.requireActive(caller.ownTenant());
        caller.requireSelfOrAny(userId, Caller.SERVICE, Caller.ADMIN);
        JsonNode features = JsonRequest.parse(json, exchange.getMessage().getBody(String.class)).node().get("features");
        if (features == null || !features.isObject() || features.isEmpty()) {
            throw ApiProblem.badRequest("features", "'features' must be a non-empty object of feature name to number");
        }
        Map<String, Double> values = new TreeMap<>();
        features.fields().forEachRemaining(f -> {
            if (!f.getValue().isNumber()) {
                throw ApiProblem.badRequest("features." + f.getKey(), "feature '" + f.getKey() + "' must be a number");
            }
            values.put(f.getKey(), f.getValue().asDouble());
        });
        if (store.upsert(tenantId, userId, values, Instant.now())) {
            store.syncOnline(tenantId, userId);
        } else {
            throw ApiProblem.conflict("Features of user " + userId + " are not accepted: a data recall of the user "
                    + "is in progress, or a completed FULL_EXCLUDE recall excluded them");
        }
        return store.read(tenantId, userId);
    }

    public FeatureStore.UserFeatures get(Exchange exchange, @Header("userId") String userId) {
        Caller caller = Caller.of(exchange);
        String tenantId = caller.ownTenant();
        caller.requireSelfOrAny(userId, Caller.SERVICE, Caller.ADMIN);
        return store.read(tenantId, userId);
    }
}
