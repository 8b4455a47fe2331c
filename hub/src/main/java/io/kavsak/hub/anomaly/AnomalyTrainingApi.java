package io.kavsak.hub.anomaly;

import io.kavsak.hub.tenant.TenantRegistry;
import io.kavsak.hub.web.ApiProblem;
import io.kavsak.hub.web.Caller;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/v1/tenants/{tenantId}/anomaly-detector/training}: a tenant's admin trains the tenant's
 * query-run anomaly model now, with the same {@link AnomalyTrainer} and activation measure as the scheduled tick.
 * The tenant is the verified token's; a path naming another tenant answers 404.
 */
@Component("anomalyTrainingApi")
public class AnomalyTrainingApi {

    private final AnomalyTrainer trainer;
    private final AnomalyProperties properties;
    private final TenantRegistry tenants;

    public AnomalyTrainingApi(AnomalyTrainer trainer, AnomalyProperties properties, TenantRegistry tenants) {
        this.trainer = trainer;
        this.properties = properties;
        this.tenants = tenants;
    }

    public TrainingResult train(Exchange exchange, @Header("tenantId") String tenantId) {
        Caller caller = Caller.of(exchange);
        String tenant = tenants.requireActive(caller.ownTenant(tenantId, "Tenant " + tenantId, Caller.ADMIN));
        TrainingResult result = trainer.train(tenant, caller.subject());
        if (result.version() == null) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "Too few query runs",
                    "Training needs at least " + properties.minSamples() + " finished query runs"
                            + " (kavsak.anomaly.min-samples); tenant " + tenant + " has " + result.samples(),
                    null);
        }
        return result;
    }
}
