package io.kavsak.hub.indexing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.tenant.TenantRegistry;
import io.kavsak.hub.web.Caller;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import org.apache.camel.Exchange;
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
            List<SearchHit> hits = index.search(tenant, request.collectionList(), request.datasourceId(),
                    embedder.model(), embedder.embed(request.question()), request.question(), request.kOrDefault(),
                    LuceneSearchIndex.Mode.HYBRID);
            hitCounts.record(hits.size());
            return new SearchAnswer(embedder.model(), hits);
        });
    }
}
