package io.kavsak.hub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void selectedMetricsAreTheNamesThatAreNeitherFunctionsNorKeywordsNorLabels() {
        Map<String, Set<String>> used = PromQl.selectedMetrics("""
                histogram_quantile(0.95, sum by (le) (rate(kavsak_recall_completion_seconds_bucket{namespace=~"$namespace"}[6h])))
                / on (namespace) group_left sum without (pod) (increase(camel_exchanges_total{routeId="a b", x!~"y"}[$__rate_interval] offset 5m))
                and kavsak_outbox_unpublished > bool 1e3 unless max(deriv(kavsak_outbox_unpublished[15m:1m])) > 0""");
        assertThat(used).containsOnlyKeys("kavsak_recall_completion_seconds_bucket", "camel_exchanges_total",
                "kavsak_outbox_unpublished");
        assertThat(used.get("camel_exchanges_total")).containsExactly("routeId", "x");
        assertThat(used.get("kavsak_recall_completion_seconds_bucket")).containsExactly("namespace");
    }

    @Test
    void aGrafanaLabelValuesQueryCountsAsItsSelector() {
        assertThat(PromQl.selectedMetrics("label_values(camel_exchanges_total{namespace=~\"$namespace\"}, routeId)"))
                .isEqualTo(Map.of("camel_exchanges_total", Set.of("namespace")));
    }

    @Test
    void aMisspeltMetricOrLabelIsMissingFromTheExposition() {
        Map<String, Set<String>> exported = PromQl.exposition("""
                # HELP kavsak_dead_letters_total Dead letters stored
                # TYPE kavsak_dead_letters_total counter
                kavsak_dead_letters_total{topic="feature.upserted"} 1.0
                kavsak_outbox_unpublished 0.0
                """);
        assertThat(PromQl.missing(PromQl.selectedMetrics(
                "sum by (topic) (increase(kavsak_dead_letters_total{namespace=\"k\", topic=\"t\"}[1h])) + kavsak_outbox_unpublished"),
                exported)).isEmpty();
        assertThat(PromQl.missing(PromQl.selectedMetrics("kavsak_dead_letter_total + kavsak_outbox_unpublished"),
                exported)).containsExactly("kavsak_dead_letter_total");
        assertThat(PromQl.missing(PromQl.selectedMetrics("kavsak_dead_letters_total{topik=\"t\"}"), exported))
                .containsExactly("kavsak_dead_letters_total{topik}");
    }
}
