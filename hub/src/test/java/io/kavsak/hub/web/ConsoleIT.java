package io.kavsak.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.support.HubIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The route console (docs/console.md) as its users reach it: Hawtio's page and, through Jolokia, the MBeans its
 * route tree, diagram, statistics, endpoints and in-flight tabs read, for every route of the running hub; and
 * every one of those paths refused to anyone but the hub-wide administrator.
 */
class ConsoleIT extends HubIntegrationTest {

    private static final String[] ROUTE_ATTRIBUTES = {"RouteId", "ExchangesTotal", "ExchangesFailed",
        "FailuresHandled", "ExchangesInflight", "MinProcessingTime", "MeanProcessingTime", "MaxProcessingTime",
        "LastProcessingTime", "TotalProcessingTime"};

    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    CamelContext camel;

    @Test
    void hubAdminOpensTheConsolePage() {
        HttpResponse<String> page = management("/actuator/hawtio/", TOKENS.hubAdmin());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).containsIgnoringCase("hawtio");
        HttpResponse<String> plugins = management("/actuator/hawtio/plugin", TOKENS.hubAdmin());
        assertThat(plugins.statusCode()).isEqualTo(200);
    }

    @Test
    void hubAdminReadsEveryRoutesCountsFailuresAndTimingsThroughJolokia() throws Exception {
        String tenantApi = "get-tenant";
        long before = routeStatistics().getOrDefault(tenantApi, json.createObjectNode()).path("ExchangesTotal")
                .asLong(0);
        assertThat(call("GET", "/api/v1/tenants/console-no-such-tenant", TOKENS.operator(), null).statusCode())
                .isEqualTo(404);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                routeStatistics().get(tenantApi).path("ExchangesTotal").asLong()).isGreaterThan(before));
        Map<String, JsonNode> statistics = routeStatistics();
        assertThat(statistics.keySet()).containsExactlyInAnyOrderElementsOf(routeIds());
        statistics.forEach((routeId, values) -> {
            for (String attribute : ROUTE_ATTRIBUTES) {
                assertThat(values.has(attribute)).as(routeId + " " + attribute).isTrue();
            }
            assertThat(values.path("ExchangesTotal").isNumber()).as(routeId).isTrue();
            assertThat(values.path("ExchangesFailed").isNumber()).as(routeId).isTrue();
            assertThat(values.path("MeanProcessingTime").isNumber()).as(routeId).isTrue();
        });
    }

    @Test
    void hubAdminReadsTheRouteDiagramOfEveryRoute() throws Exception {
        String context = single(search("org.apache.camel:type=context,*"));
        String xml = exec(context, "dumpRoutesAsXml()").path("value").asText();
        String stats = exec(context, "dumpRoutesStatsAsXml(boolean,boolean)", false, true).path("value").asText();
        for (String routeId : routeIds()) {
            assertThat(xml).as("the diagram's route XML").contains("<route id=\"" + routeId + "\"");
            assertThat(stats).as("the diagram's statistics").contains("id=\"" + routeId + "\"");
        }
        assertThat(xml).as("the parser worker's steps are drawn one by one")
                .contains("redactPersonalData").contains("extractProfile");
        for (String routeMBean : search("org.apache.camel:type=routes,*")) {
            assertThat(exec(routeMBean, "dumpRouteAsXml()").path("value").asText()).as(routeMBean)
                    .contains("<route");
        }
    }

    @Test
    void hubAdminInspectsEndpointsAndInflightExchanges() throws Exception {
        List<String> endpoints = search("org.apache.camel:type=endpoints,*");
        assertThat(endpoints).anyMatch(name -> name.contains("kafka")).anyMatch(name -> name.contains("direct"));
        String inflight = single(search("org.apache.camel:type=services,name=DefaultInflightRepository,*"));
        assertThat(read(inflight, "Size").path("value").isNumber()).isTrue();
        assertThat(exec(inflight, "browse()").path("status").asInt()).isEqualTo(200);
    }

    @Test
    void jolokiaRefusesTheJvmsDiagnosticCommandsEvenToHubAdmin() throws Exception {
        JsonNode answer = jolokia(TOKENS.hubAdmin(), Map.of("type", "exec",
                "mbean", "com.sun.management:type=DiagnosticCommand", "operation", "vmSystemProperties()"));
        assertThat(answer.path("status").asInt()).isEqualTo(403);
    }

    @Test
    void everyConsolePathRefusesUsersTenantAdminsOperatorsAndAnonymousCallers() throws Exception {
        Map<String, String> refused = new HashMap<>();
        refused.put("user", TOKENS.user("u", "acme"));
        refused.put("tenant admin", TOKENS.admin("a", "acme"));
        refused.put("operator", TOKENS.operator());
        String search = json.writeValueAsString(Map.of("type", "search", "mbean", "org.apache.camel:*"));
        for (String path : List.of("/actuator/hawtio/", "/actuator/hawtio/index.html", "/actuator/hawtio/plugin",
                "/actuator/hawtio/jolokia/search/org.apache.camel:*", "/actuator/jolokia",
                "/actuator/jolokia/search/org.apache.camel:*", "/actuator/hawtio/auth/config/login")) {
            for (Map.Entry<String, String> caller : refused.entrySet()) {
                assertProblem(management(path, caller.getValue()), 403, caller.getKey() + " GET " + path);
            }
            assertProblem(management(path, null), 401, "anonymous GET " + path);
        }
        for (String path : List.of("/actuator/jolokia", "/actuator/hawtio/jolokia")) {
            for (Map.Entry<String, String> caller : refused.entrySet()) {
                assertProblem(call(managementPort, "POST", path, caller.getValue(), search), 403,
                        caller.getKey() + " POST " + path);
            }
            assertProblem(call(managementPort, "POST", path, null, search), 401, "anonymous POST " + path);
        }
        assertThat(call("GET", "/actuator/hawtio/", TOKENS.hubAdmin(), null).statusCode())
                .as("the API port serves no console").isEqualTo(404);
        assertThat(management("/hawtio/", TOKENS.hubAdmin()).statusCode())
                .as("the console lives only under /actuator").isEqualTo(404);
    }

    private void assertProblem(HttpResponse<String> response, int status, String what) {
        assertThat(response.statusCode()).as(what).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as(what)
                .startsWith("application/problem+json");
        assertThat(response.body()).as(what).contains("\"status\":" + status).doesNotContain("error_type");
    }

    private Set<String> routeIds() {
        return camel.getRoutes().stream().map(Route::getRouteId).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every route MBean's statistics by route id, read in one Jolokia request as Hawtio does. */
    private Map<String, JsonNode> routeStatistics() throws Exception {
        JsonNode answer = jolokia(TOKENS.hubAdmin(), Map.of("type", "read",
                "mbean", "org.apache.camel:type=routes,*", "attribute", List.of(ROUTE_ATTRIBUTES)));
        assertThat(answer.path("status").asInt()).as(answer.toString()).isEqualTo(200);
        Map<String, JsonNode> byRoute = new HashMap<>();
        for (Iterator<JsonNode> values = answer.path("value").elements(); values.hasNext(); ) {
            JsonNode route = values.next();
            byRoute.put(route.path("RouteId").asText(), route);
        }
        return byRoute;
    }

    private List<String> search(String pattern) throws Exception {
        JsonNode answer = jolokia(TOKENS.hubAdmin(), Map.of("type", "search", "mbean", pattern));
        assertThat(answer.path("status").asInt()).as(answer.toString()).isEqualTo(200);
        return json.convertValue(answer.path("value"), json.getTypeFactory()
                .constructCollectionType(List.class, String.class));
    }

    private JsonNode read(String mbean, String attribute) throws Exception {
        return jolokia(TOKENS.hubAdmin(), Map.of("type", "read", "mbean", mbean, "attribute", attribute));
    }

    private JsonNode exec(String mbean, String operation, Object... arguments) throws Exception {
        JsonNode answer = jolokia(TOKENS.hubAdmin(), Map.of("type", "exec", "mbean", mbean,
                "operation", operation, "arguments", List.of(arguments)));
        assertThat(answer.path("status").asInt()).as(answer.toString()).isEqualTo(200);
        return answer;
    }

    private JsonNode jolokia(String token, Map<String, Object> request) throws Exception {
        HttpResponse<String> response = call(managementPort, "POST", "/actuator/jolokia", token,
                json.writeValueAsString(request));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static String single(List<String> names) {
        assertThat(names).hasSize(1);
        return names.get(0);
    }
}
