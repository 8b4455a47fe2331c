package io.kavsak.hub.indexing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.events.ServiceOutageException;
import io.kavsak.hub.tenant.TenantRegistry;
import io.kavsak.hub.web.ApiProblem;
import io.kavsak.hub.web.Caller;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import org.apache.camel.Exchange;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/v1/search}: hybrid search of the verified caller's own tenant. The tenant comes from
 * the token only; the request body cannot name one. Hits of the current model only.
 */
@Component("searchApi")
public class SearchApi {

    private final LuceneSearchIndex index;
    private final TextEmbedder embedder;
    private final TenantRegistry tenants;
    private final ObjectMapper json;
    private final Timer latency;
    private final DistributionSummary hitCounts;

    public SearchApi(LuceneSearchIndex index, TextEmbedder embedder, TenantRegistry tenants, ObjectMapper json,
                     MeterRegistry meters) {
        this.index = index;
        this.embedder = embedder;
        this.tenants = tenants;
        this.json = json;
        this.latency = Timer.builder("kavsak.search.latency").description("Search latency")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(meters);
        this.hitCounts = DistributionSummary.builder("kavsak.search.hits").description("Hits per search")
                .register(meters);
    }

    public SearchAnswer search(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        String tenant = tenants.requireActive(caller.ownTenant());
        SearchRequest request = CatalogInputs.read(json, exchange.getMessage().getBody(String.class),
                SearchRequest.class).checked();
        return latency.record(() -> {
            String model = embedder.model();
            List<SearchHit> hits = index.search(tenant, request.collectionList(), request.datasourceId(),
                    model, question(request.question()), request.question(), request.kOrDefault(),
                    LuceneSearchIndex.Mode.HYBRID);
            hitCounts.record(hits.size());
            return new SearchAnswer(model, hits);
        });
    }

    /** The question's vector; an embeddings API out of reach is 503 (try again), one that refuses is 502. */
    private float[] question(String question) {
        try {
            return embedder.embed(question);
        } catch (ServiceOutageException e) {
            throw ApiProblem.busy(HttpStatus.SERVICE_UNAVAILABLE, "Embeddings API unavailable", e.getMessage(),
                    Duration.ofSeconds(5));
        } catch (OpenAiEmbedder.EmbeddingRejectedException e) {
            throw new ApiProblem(HttpStatus.BAD_GATEWAY, "Embeddings API refused the question", e.getMessage(), null);
        }
    }
}
