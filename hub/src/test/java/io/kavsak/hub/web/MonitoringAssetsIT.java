package io.kavsak.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kavsak.hub.support.HubIntegrationTest;
import io.kavsak.hub.support.KafkaProbe;
import io.kavsak.hub.support.PromQl;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The monitoring component (kustomize/components/monitoring) against a running hub: the dashboard
 * and the alert rules parse, and every metric (and label) their PromQL selects is in the hub's
 * /actuator/prometheus once a parse job, a recall and a dead letter have created the lazily
 * registered meters.
 */
class MonitoringAssetsIT extends HubIntegrationTest {

    /** Read from the repository; the tests run in the hub module's directory. */
    private static final Path COMPONENT = Path.of("..", "kustomize", "components", "monitoring");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyMetricAndLabelTheDashboardAndAlertsSelectIsExportedByTheHub() throws Exception {
        Map<String, Set<String>> used = new TreeMap<>();
        dashboardExpressions().forEach(expr -> merge(used, PromQl.selectedMetrics(expr)));
        alerts().forEach(rule -> merge(used, PromQl.selectedMetrics(rule.path("expr").asText())));
        assertThat(used).as("the component's expressions select the metrics issue 11 names").containsKeys(
                "camel_exchanges_total", "kavsak_outbox_unpublished", "kavsak_outbox_oldest_age_seconds",
                "kafka_consumer_fetch_manager_records_lag_max", "kavsak_dead_letters_total",
                "kavsak_recall_requests_at_risk", "kavsak_recall_requests_overdue", "kavsak_parser_jobs_total",
                "kavsak_parser_llm_failures_total", "kavsak_dependency_up");

        driveTraffic();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            HttpResponse<String> scrape = management("/actuator/prometheus", null);
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(PromQl.missing(used, PromQl.exposition(scrape.body())))
                    .as("selected by the dashboard or an alert, not exported by the hub").isEmpty();
        });
        System.out.println("MONITORING metrics=" + used.size() + " all-present: " + used.keySet());
    }

    @Test
    void theDashboardIsAGrafanaDashboardWithAQueryInEveryPanel() throws IOException {
        JsonNode dashboard = JSON.readTree(COMPONENT.resolve("kavsak-hub-dashboard.json").toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("kavsak-hub");
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        List<String> titles = new ArrayList<>();
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel ids are unique").isTrue();
            titles.add(panel.path("title").asText());
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
                panel.path("targets").forEach(target -> assertThat(target.path("expr").asText()).isNotBlank());
            }
        }
        assertThat(titles).contains("Camel routes", "Outbox and Kafka consumers", "Dead letters", "Recall SLA",
                "Parser jobs");
        JsonNode configMapGenerator = YAML.readTree(COMPONENT.resolve("kustomization.yaml").toFile())
                .path("configMapGenerator").get(0);
        assertThat(configMapGenerator.path("files").get(0).asText()).isEqualTo("kavsak-hub-dashboard.json");
        assertThat(configMapGenerator.path("options").path("labels").path("grafana_dashboard").asText())
                .isEqualTo("1");
    }

    @Test
    void everyAlertHasASeverityASummaryADescriptionAndARunbook() throws IOException {
        List<String> names = new ArrayList<>();
        for (JsonNode rule : alerts()) {
            String name = rule.path("alert").asText();
            names.add(name);
            assertThat(rule.path("labels").path("severity").asText()).as(name).isIn("warning", "critical");
            for (String annotation : List.of("summary", "description", "runbook")) {
                assertThat(rule.path("annotations").path(annotation).asText()).as(name + " " + annotation)
                        .isNotBlank();
            }
        }
        assertThat(names).doesNotHaveDuplicates().contains("KavsakRecallNearSla", "KavsakRecallPastSla",
                "KavsakDeadLettersGrowing", "KavsakOutboxNotDraining", "KavsakOutboxBacklogGrowing",
                "KavsakDependencyDown", "KavsakLlmCircuitOpen", "KavsakLlmFailureRateHigh");
        JsonNode monitor = YAML.readTree(COMPONENT.resolve("podmonitor.yaml").toFile());
        assertThat(monitor.path("kind").asText()).isEqualTo("PodMonitor");
        JsonNode endpoint = monitor.path("spec").path("podMetricsEndpoints").get(0);
        assertThat(endpoint.path("port").asText()).isEqualTo("management");
        assertThat(endpoint.path("path").asText()).isEqualTo("/actuator/prometheus");
    }

    /** A parse job, a recall request and a dead letter: the meters that only exist once used. */
    private void driveTraffic() {
        String tenant = "mon-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(call("PUT", "/api/v1/tenants/" + tenant, TOKENS.operator(), "{\"display_name\": \"Monitoring\","
                + " \"privacy_contact\": \"privacy@" + tenant + ".test\"}").statusCode()).isEqualTo(201);
        String user = "user-" + UUID.randomUUID();
        String token = TOKENS.user(user, tenant);
        HttpResponse<String> parse = call("POST", "/api/v1/parser/parse-text-async", token,
                "{\"user_id\": \"" + user + "\", \"session_id\": \"s\", \"text\": \"Java developer since 2019\"}");
        assertThat(parse.statusCode()).as(parse.body()).isEqualTo(200);
        String jobId = jsonOf(parse).path("job_id").asText();
        HttpResponse<String> recall = call("POST", "/api/v1/consent/recall", TOKENS.user("leaver", tenant),
                "{\"mode\": \"FULL_EXCLUDE\"}");
        assertThat(recall.statusCode()).as(recall.body()).isEqualTo(201);
        new KafkaProbe(services().kafka().getBrokersAsString())
                .send("feature.upserted", tenant, "not json, so a dead letter " + UUID.randomUUID());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jsonOf(
                call("GET", "/api/v1/parser/job/" + jobId, token, null)).path("status").asText()).isEqualTo("success"));
    }

    private static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = JSON.readTree(COMPONENT.resolve("kavsak-hub-dashboard.json").toFile());
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                expressions.add(variable.path("query").path("query").asText());
            }
        }
        return expressions;
    }

    private static List<JsonNode> alerts() throws IOException {
        JsonNode rule = YAML.readTree(COMPONENT.resolve("prometheusrule.yaml").toFile());
        assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
        List<JsonNode> alerts = new ArrayList<>();
        rule.path("spec").path("groups").forEach(group -> group.path("rules").forEach(alerts::add));
        assertThat(alerts).isNotEmpty();
        return alerts;
    }

    private static void merge(Map<String, Set<String>> into, Map<String, Set<String>> metrics) {
        metrics.forEach((name, labels) -> into.computeIfAbsent(name, n -> new TreeSet<>()).addAll(labels));
    }
}
