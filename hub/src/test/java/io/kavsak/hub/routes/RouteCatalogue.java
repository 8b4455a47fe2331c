package io.kavsak.hub.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes docs/routes.md from the route files: every route configuration (error policy), route and REST operation
 * with its id, description, from and to endpoints. RouteCatalogueTest fails the build when the committed page differs.
 */
public final class RouteCatalogue {

    static final String REGENERATE = "./mvnw -B -ntp -pl hub test -Dtest=RouteCatalogueTest -Dkavsak.routes.update=true";

    /** The steps that send to an endpoint; their target is a string or an object with a uri. */
    private static final Set<String> SENDING_STEPS = Set.of("to", "toD", "wireTap", "enrich", "pollEnrich");
    private static final Set<String> REST_VERBS = Set.of("get", "post", "put", "patch", "delete", "head");
    private static final YAMLMapper YAML = new YAMLMapper();

    private RouteCatalogue() {
    }

    public static String markdown(List<Path> routeFiles) throws IOException {
        List<String> configurations = new ArrayList<>();
        List<String> routes = new ArrayList<>();
        List<String> operations = new ArrayList<>();
        for (Path file : routeFiles) {
            String name = file.getFileName().toString();
            for (JsonNode entry : YAML.readTree(Files.readString(file))) {
                if (entry.has("routeConfiguration")) {
                    JsonNode configuration = entry.get("routeConfiguration");
                    configurations.add(row(code(configuration.path("id").asText()), text(configuration, "description"),
                            errorHandler(configuration), onExceptions(configuration), code(name)));
                } else if (entry.has("route")) {
                    JsonNode route = entry.get("route");
                    JsonNode from = route.path("from");
                    routes.add(row(code(route.path("id").asText()), text(route, "description"),
                            code(endpoint(from.path("uri").asText())), codes(sentTo(from.path("steps"))),
                            errorPolicy(route), code(name)));
                } else if (entry.has("rest")) {
                    JsonNode rest = entry.get("rest");
                    String base = rest.path("path").asText("");
                    for (Map.Entry<String, JsonNode> verb : rest.properties()) {
                        if (!REST_VERBS.contains(verb.getKey())) {
                            continue;
                        }
                        for (JsonNode operation : verb.getValue()) {
                            operations.add(row(verb.getKey().toUpperCase(), code(base + operation.path("path").asText("")),
                                    code(operation.path("id").asText()), text(operation, "description"),
                                    codes(sentTo(operation)), code(name)));
                        }
                    }
                }
            }
        }
        StringBuilder page = new StringBuilder()
                .append("# Route catalogue\n\n")
                .append("Generated from `routes/*.camel.yaml` by `RouteCatalogue` (hub test sources); do not edit by hand.\n")
                .append("The build fails when this page and the route files differ (`RouteCatalogueTest`); regenerate with\n\n")
                .append("```\n").append(REGENERATE).append("\n```\n\n")
                .append("Endpoints are shown without their options; the route files hold them. The running routes, with\n")
                .append("their exchange counts, are in the route console (docs/console.md).\n\n")
                .append("## Error policies (route configurations)\n\n")
                .append("| id | description | error handler | onException | file |\n|---|---|---|---|---|\n");
        configurations.forEach(page::append);
        page.append("\n## Routes\n\n")
                .append("| id | description | from | to | error policy | file |\n|---|---|---|---|---|---|\n");
        routes.forEach(page::append);
        page.append("\n## REST operations\n\n")
                .append("| method | path | id | description | to | file |\n|---|---|---|---|---|---|\n");
        operations.forEach(page::append);
        return page.toString();
    }

    private static String errorPolicy(JsonNode route) {
        if (route.has("routeConfigurationId")) {
            return code(route.path("routeConfigurationId").asText());
        }
        if (route.has("errorHandler")) {
            return "own " + route.path("errorHandler").fieldNames().next();
        }
        return "Camel's default (no redelivery)";
    }

    private static String errorHandler(JsonNode configuration) {
        JsonNode handler = configuration.path("errorHandler");
        if (!handler.isObject() || handler.isEmpty()) {
            return "Camel's default (no redelivery)";
        }
        String kind = handler.fieldNames().next();
        JsonNode settings = handler.path(kind);
        String target = settings.path("deadLetterUri").asText("");
        return kind + (target.isEmpty() ? "" : " to " + code(endpoint(target)));
    }

    private static String onExceptions(JsonNode configuration) {
        List<String> clauses = new ArrayList<>();
        for (JsonNode clause : configuration.path("onException")) {
            JsonNode onException = clause.path("onException");
            List<String> types = new ArrayList<>();
            onException.path("exception").forEach(type -> types.add(simpleName(type.asText())));
            String description = text(onException, "description");
            clauses.add(String.join(", ", types) + (description.isEmpty() ? "" : ": " + description));
        }
        return String.join("<br>", clauses);
    }

    /** Every endpoint a step list (or a REST operation) sends to, in order of appearance, each once. */
    private static Set<String> sentTo(JsonNode node) {
        Set<String> endpoints = new LinkedHashSet<>();
        collect(node, endpoints);
        return endpoints;
    }

    private static void collect(JsonNode node, Set<String> endpoints) {
        if (node.isArray()) {
            node.forEach(child -> collect(child, endpoints));
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                JsonNode value = field.getValue();
                if (SENDING_STEPS.contains(field.getKey())) {
                    String uri = value.isTextual() ? value.asText() : value.path("uri").asText("");
                    if (!uri.isEmpty()) {
                        endpoints.add(endpoint(uri));
                    }
                }
                collect(value, endpoints);
            }
        }
    }

    private static String endpoint(String uri) {
        int options = uri.indexOf('?');
        return options < 0 ? uri : uri.substring(0, options);
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).asText("").replaceAll("\\s+", " ").trim().replace("|", "\\|");
    }

    private static String codes(Set<String> values) {
        return String.join("<br>", values.stream().map(RouteCatalogue::code).toList());
    }

    private static String code(String value) {
        return value.isEmpty() ? "" : "`" + value.replace("|", "\\|") + "`";
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }
}
