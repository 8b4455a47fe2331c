package io.kavsak.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavsak.hub.support.HubIntegrationTest;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The served OpenAPI document is a contract a client can be generated from: it passes the swagger-parser
 * validator, every operation (routes added later included) documents typed parameters, its request body,
 * a schema per response, problem+json errors, the bearer security requirement and an example, and it is
 * the document committed in docs/openapi.json.
 */
class OpenApiContractIT extends HubIntegrationTest {

    static final Path COMMITTED = Path.of("..", "docs", "openapi.json");
    private static final String REFRESH_HINT = "docs/openapi.json differs from the served document. Refresh it with "
            + "`./mvnw -B -ntp -pl hub verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false "
            + "-Dit.test=OpenApiContractIT -Dkavsak.openapi.update=true`"
            + " and commit docs/openapi.json.";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private org.apache.camel.CamelContext camel;

    @Test
    void servedDocumentPassesTheOpenApiValidator() {
        String document = served();
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document, null, null);
        assertThat(result.getMessages()).as("swagger-parser messages").isEmpty();
        assertThat(result.getOpenAPI().getPaths()).isNotEmpty();
    }

    @Test
    void everyOperationIsFullyDocumented() throws Exception {
        JsonNode document = JSON.readTree(served());
        Map<String, List<String>> violations = new TreeMap<>();
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> verbs = path.getValue().fields(); verbs.hasNext(); ) {
                Map.Entry<String, JsonNode> verb = verbs.next();
                operations++;
                JsonNode operation = verb.getValue();
                String id = operation.path("operationId").asText(verb.getKey() + " " + path.getKey());
                List<String> found = violationsOf(document, operation, bodyExpected(id));
                if (!found.isEmpty()) {
                    violations.put(id + " (" + verb.getKey().toUpperCase() + " " + path.getKey() + ")", found);
                }
            }
        }
        System.out.printf("OpenApiContractIT: %d operations, %d with violations, %d violations%n", operations,
                violations.size(), violations.values().stream().mapToInt(List::size).sum());
        violations.forEach((op, found) -> System.out.println("  " + op + ": " + found));

        assertThat(operations).as("operations in the served document").isGreaterThan(0);
        assertThat(violations).as("operations that are not fully documented").isEmpty();
    }

    @Test
    void committedDocumentIsTheServedOne() throws Exception {
        String served = normalized(served());
        if (Boolean.getBoolean("kavsak.openapi.update")) {
            Files.writeString(COMMITTED, served);
        }
        assertThat(Files.exists(COMMITTED)).as(REFRESH_HINT).isTrue();
        assertThat(Files.readString(COMMITTED)).as(REFRESH_HINT).isEqualTo(served);
    }

    @Test
    void aRequestViolatingTheSchemaIsA400NamingTheField() {
        String tenant = "oa-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        registerTenant(tenant);
        String operator = TOKENS.operator();
        assertNamesField(call("PUT", "/api/v1/tenants/" + tenant, operator, "{\"privacy_contact\": \"p@x.test\"}"),
                "display_name");
        assertNamesField(call("PUT", "/api/v1/tenants/" + tenant, operator, "{\"display_name\": 42}"),
                "display_name");
        assertNamesField(call("PUT", "/api/v1/tenants/" + tenant, operator,
                "{\"display_name\": \"Acme\", \"privacy_contact\": \"not-an-address\"}"), "privacy_contact");
        assertNamesField(call("PUT", "/api/v1/tenants/Not_A_Label", operator, "{\"display_name\": \"Acme\"}"),
                "tenantId");
        assertNamesField(call("POST", "/api/v1/tenants/" + tenant + "/recalls", operator,
                "{\"user_id\": \"u1\", \"mode\": \"SHRED\"}"), "mode");
        assertNamesField(call("POST", "/api/v1/tenants/" + tenant + "/recalls", operator, "{\"mode\": \"ANONYMIZE\"}"),
                "user_id");
        assertNamesField(call("POST", "/api/v1/consent/recall", TOKENS.user("u-" + tenant, tenant), "{}"), "mode");
        assertNamesField(call("PUT", "/api/v1/tenants/" + tenant + "/privacy-contacts/u1", operator,
                "{\"email\": \"nobody\"}"), "email");
        assertNamesField(call("GET", "/api/v1/tenants/" + tenant + "/dead-letters?status=LOST", operator, null),
                "status");
        assertNamesField(call("GET", "/api/v1/dead-letters?page=first", operator, null), "page");
    }

    private static void assertNamesField(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith(Problems.MEDIA_TYPE));
        assertThat(jsonOf(response).path("field").asText()).as(response.body()).isEqualTo(field);
    }

    /** The document as committed: keys sorted, no servers (their port is the test's). */
    static String normalized(String document) throws Exception {
        ObjectNode tree = (ObjectNode) JSON.readTree(document);
        tree.remove("servers");
        Object plain = JSON.treeToValue(tree, Object.class);
        return JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .writeValueAsString(plain) + "\n";
    }

    private String served() {
        HttpResponse<String> response = call("GET", "/api/openapi.json", null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** Whether the REST DSL verb declares that it reads a body (consumes), so its body must be described. */
    private boolean bodyExpected(String operationId) {
        for (RestDefinition rest : ((ModelCamelContext) camel).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                if (operationId.equals(verb.getId())) {
                    return verb.getConsumes() != null || rest.getConsumes() != null;
                }
            }
        }
        return false;
    }

    static List<String> violationsOf(JsonNode document, JsonNode operation, boolean bodyExpected) {
        List<String> found = new ArrayList<>();
        for (JsonNode param : operation.path("parameters")) {
            if (!param.path("schema").hasNonNull("type")) {
                found.add("parameter " + param.path("name").asText() + " has no type");
            }
        }
        JsonNode body = operation.path("requestBody").path("content");
        if (bodyExpected && body.isEmpty()) {
            found.add("no request body schema");
        }
        for (Iterator<Map.Entry<String, JsonNode>> media = body.fields(); media.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = media.next();
            if (entry.getValue().path("schema").isEmpty()) {
                found.add("request body " + entry.getKey() + " has no schema");
            }
        }
        JsonNode responses = operation.path("responses");
        boolean clientError = false;
        boolean success = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = responses.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> response = it.next();
            String status = response.getKey();
            JsonNode content = response.getValue().path("content");
            if (status.startsWith("2")) {
                success = true;
                if (!status.equals("204") && !status.equals("202") && content.isEmpty()) {
                    found.add(status + " has no schema");
                }
            }
            if (status.startsWith("4") || status.startsWith("5")) {
                clientError |= status.startsWith("4");
                if (content.path(Problems.MEDIA_TYPE).path("schema").isEmpty()) {
                    found.add(status + " is not application/problem+json with a schema");
                }
                if (content.size() > 1) {
                    found.add(status + " offers more than problem+json");
                }
            }
            for (JsonNode media : content) {
                if (media.path("schema").isEmpty()) {
                    found.add(status + " has a media type without schema");
                }
            }
        }
        if (!success) {
            found.add("no success response");
        }
        if (!clientError) {
            found.add("no 4xx problem response");
        }
        JsonNode security = operation.has("security") ? operation.get("security") : document.path("security");
        if (security.isEmpty()) {
            found.add("no security requirement");
        }
        if (!hasExample(document, operation, 0)) {
            found.add("no example");
        }
        return found;
    }

    /** An example in the operation or in a schema it references. */
    private static boolean hasExample(JsonNode document, JsonNode node, int depth) {
        if (depth > 8 || node == null) {
            return false;
        }
        if (node.isObject()) {
            if (node.hasNonNull("example") || node.path("examples").size() > 0) {
                return true;
            }
            if (node.has("$ref")) {
                String ref = node.get("$ref").asText();
                if (ref.startsWith("#/") && !ref.endsWith("/Problem")) {
                    JsonNode target = document.at(ref.substring(1));
                    if (hasExample(document, target, depth + 1)) {
                        return true;
                    }
                }
            }
        }
        for (JsonNode child : node) {
            if (hasExample(document, child, depth + 1)) {
                return true;
            }
        }
        return false;
    }
}
