package io.kavsak.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavsak.hub.support.HubIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Walks every operation of the hub's own OpenAPI document (so routes added later are covered without
 * editing this test) with a plain user token, once as it is and once with each way a client could try to
 * pose as someone else: internal caller and Camel header names in any letter case as headers, query
 * parameters, form fields, multipart parts and cookies, repeated and comma-joined. Every spoofed answer
 * must be the answer the plain user token gets.
 */
class CallerSpoofingIT extends HubIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern UUIDS = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern TIMES = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+(Z|[+-]\\d{2}:\\d{2})?");
    private static final Pattern DECIMALS = Pattern.compile("\\d+\\.\\d+(E-?\\d+)?");
    /** Stored CV file names carry their upload time and the job id's first part: yyyyMMdd_HHmmss_<8 hex>. */
    private static final Pattern STORED_FILES = Pattern.compile("\\d{8}_\\d{6}_[0-9a-f]{8}");

    /** The names a client might hope the hub reads identity or decisions from. */
    private static final List<String> NAMES = List.of("X-Kavsak-Roles", "x-kavsak-roles", "X-KAVSAK-ROLES",
            "X-Kavsak-Subject", "x-kavsak-subject", "X-Kavsak-Tenant", "X-KAVSAK-TENANT", "roles", "tenant_id",
            "sub", "kavsakCaller", Caller.ATTRIBUTE, "CamelHttpMethod", "camelhttpresponsecode", "CamelHttpUri",
            "CamelHttpPath", "CamelHttpServletRequest");

    private final String tenant = "sp-" + UUID.randomUUID().toString().substring(0, 6);
    private final String otherTenant = "sp-" + UUID.randomUUID().toString().substring(0, 6);
    private final String user = "attacker-" + UUID.randomUUID().toString().substring(0, 6);
    private final String victim = "victim-" + UUID.randomUUID().toString().substring(0, 6);
    private final Map<String, Map<String, String>> idsByTenant = new LinkedHashMap<>();
    private final String userToken = TOKENS.user(user, tenant);
    @org.springframework.beans.factory.annotation.Autowired
    private org.apache.camel.CamelContext camel;

    private void plantDataTheAttackerWants() {
        for (String t : List.of(tenant, otherTenant)) {
            HttpResponse<String> created = call("PUT", "/api/v1/tenants/" + t, TOKENS.operator(),
                    "{\"display_name\": \"Spoof\", \"privacy_contact\": \"privacy@" + t + ".test\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String service = TOKENS.token("svc", t, List.of("service"), Duration.ofMinutes(10));
            assertThat(call("PUT", "/api/v1/features/" + victim, service,
                    "{\"features\": {\"payment_timeliness\": 0.9}}").statusCode()).isEqualTo(200);
            JsonNode recall = jsonOf(call("POST", "/api/v1/tenants/" + t + "/recalls", TOKENS.operator(),
                    "{\"user_id\": \"" + victim + "-gone\", \"mode\": \"ANONYMIZE\"}"));
            JsonNode job = jsonOf(call("POST", "/api/v1/parser/parse-text-async", TOKENS.user(victim, t),
                    "{\"user_id\": \"" + victim + "\", \"session_id\": \"s\", \"parse_mode\": \"basic\","
                            + " \"text\": \"Software engineer with 5 years of Java and Kafka.\"}"));
            Map<String, String> ids = new LinkedHashMap<>();
            ids.put("recallId", recall.path("id").asText());
            ids.put("job_id", job.path("job_id").asText());
            idsByTenant.put(t, ids);
        }
    }

    @Test
    void noRequestPartChangesWhoTheCallerIs() throws Exception {
        plantDataTheAttackerWants();
        JsonNode document = jsonOf(call("GET", "/api/openapi.json", null, null));
        List<Operation> operations = operations(document);
        // the SSE stream is a Spring MVC endpoint outside the REST DSL document
        operations.add(new Operation("get", "/api/v1/parser/job/{job_id}/events", "parser-job-events", "none",
                List.of()));
        assertThat(operations).hasSizeGreaterThan(20);

        List<String> failures = new ArrayList<>();
        int compared = 0;
        for (Operation operation : operations) {
            for (String pathTenant : List.of(tenant, otherTenant)) {
                String path = operation.pathFor(pathTenant, idsByTenant.get(pathTenant), victim);
                for (Vector vector : vectors()) {
                    Call plain = vector.plain(operation, path);
                    HttpResponse<String> first = null;
                    HttpResponse<String> spoofed = null;
                    HttpResponse<String> again = null;
                    // Data the hub changes on its own (a recall moving on, parse jobs finishing and counted) can
                    // change between the calls; each retry waits longer for that work to settle. A spoofed part
                    // that changes who the caller is differs on every attempt.
                    for (int attempt = 0; attempt < 4 && (first == null || first.statusCode() >= 500
                            || !same(spoofed, first) && !same(spoofed, again)); attempt++) {
                        Thread.sleep(1000L * attempt);
                        first = send(plain);
                        spoofed = send(vector.spoofed(operation, path));
                        again = send(plain);
                    }
                    compared++;
                    if (first.statusCode() >= 500) {
                        failures.add(operation.id() + " " + path + " [" + vector.name() + "] plain answer "
                                + first.statusCode() + ": " + first.body());
                    } else if (!same(spoofed, first) && !same(spoofed, again)) {
                        failures.add(operation.id() + " " + path + " [" + vector.name() + "] plain "
                                + again.statusCode() + " " + abbreviate(again.body()) + " but spoofed "
                                + spoofed.statusCode() + " " + abbreviate(spoofed.body()));
                    }
                }
            }
        }
        System.out.printf("CALLER-SPOOFING operations=%d comparisons=%d differences=%d%n", operations.size(),
                compared, failures.size());
        assertThat(failures).as("answers that a spoofed request changed").isEmpty();
    }

    @Test
    void clientSentCamelAndInternalNamesNeverReachARoute() throws Exception {
        camel.addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/api/v1/spoof-echo?httpMethodRestrict=GET,POST").routeId("spoof-echo")
                        .setBody(exchange -> {
                            StringBuilder headers = new StringBuilder();
                            new java.util.TreeMap<>(exchange.getMessage().getHeaders()).forEach((name, value) ->
                                    headers.append(name).append('=').append(value).append('\n'));
                            return headers.toString();
                        });
            }
        });
        try {
            Operation post = new Operation("post", "/api/v1/spoof-echo", "spoof-echo", "multipart/form-data",
                    List.of());
            Operation get = new Operation("get", "/api/v1/spoof-echo", "spoof-echo", "none", List.of());
            List<String> seen = new ArrayList<>();
            for (Operation operation : List.of(post, get)) {
                for (Vector vector : vectors()) {
                    HttpResponse<String> response = send(vector.spoofed(operation, operation.template()));
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    seen.addAll(List.of(response.body().split("\n")));
                }
            }
            // the raw query string and URL are Camel's own record of the request, not a header the client named
            List<String> raw = List.of("CamelHttpQuery", "CamelHttpRawQuery", "CamelHttpUrl", "CamelHttpUri");
            assertThat(seen).as("headers the route saw").isNotEmpty()
                    .noneMatch(line -> line.toLowerCase().startsWith("x-kavsak")
                            || line.toLowerCase().startsWith("kavsak")
                            || line.toLowerCase().startsWith("io.kavsak")
                            || line.toLowerCase().startsWith("authorization=")
                            || line.toLowerCase().startsWith("cookie=")
                            || line.toLowerCase().startsWith("camel") && !line.startsWith("Camel"));
            // Camel's own headers are Camel's: none carries a value the client sent under a Camel name
            assertThat(seen).filteredOn(line -> line.startsWith("Camel"))
                    .filteredOn(line -> raw.stream().noneMatch(name -> line.startsWith(name + "=")))
                    .noneMatch(line -> line.contains(victim) || line.contains(otherTenant)
                            || line.contains("admin,operator") || line.contains("DELETE")
                            || line.contains("/api/v1/tenants/"));
        } finally {
            camel.getRouteController().stopRoute("spoof-echo");
            camel.removeRoute("spoof-echo");
        }
    }

    private List<Operation> operations(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                JsonNode operation = method.getValue();
                if (!operation.isObject() || !operation.has("responses")) {
                    continue;
                }
                String consumes = operation.path("requestBody").path("content").fieldNames().hasNext()
                        ? operation.path("requestBody").path("content").fieldNames().next() : "none";
                List<String> query = new ArrayList<>();
                operation.path("parameters").forEach(p -> {
                    if ("query".equals(p.path("in").asText())) {
                        query.add(p.path("name").asText());
                    }
                });
                operations.add(new Operation(method.getKey(), path.getKey(),
                        operation.path("operationId").asText(method.getKey() + " " + path.getKey()), consumes, query));
            }
        }
        return operations;
    }

    /** One way to smuggle the spoofed names in, and the same request without them. */
    private interface Vector {
        String name();

        Call plain(Operation operation, String path);

        Call spoofed(Operation operation, String path);
    }

    private List<Vector> vectors() {
        List<Vector> vectors = new ArrayList<>();
        vectors.add(simple("headers", (c) -> NAMES.forEach(n -> c.headers.put(n, spoofValue(n)))));
        vectors.add(simple("repeated headers", (c) -> {
            c.headers.put("X-Kavsak-Roles", "admin");
            c.extraHeaders.add(Map.entry("x-kavsak-roles", "operator"));
            c.extraHeaders.add(Map.entry("X-Kavsak-Subject", victim));
        }));
        vectors.add(simple("cookies", (c) -> c.headers.put("Cookie",
                "X-Kavsak-Roles=admin,operator; X-Kavsak-Subject=" + victim + "; X-Kavsak-Tenant=" + otherTenant)));
        vectors.add(simple("query parameters", (c) -> NAMES.forEach(n -> c.query.add(Map.entry(n, spoofValue(n))))));
        vectors.add(simple("repeated query parameters", (c) -> {
            for (String role : List.of("admin", "operator", "service")) {
                c.query.add(Map.entry("x-kavsak-roles", role));
                c.query.add(Map.entry("X-Kavsak-Roles", role));
            }
            c.query.add(Map.entry("X-Kavsak-Subject", victim));
            c.query.add(Map.entry("x-kavsak-tenant", otherTenant));
        }));
        vectors.add(new Vector() {
            public String name() {
                return "form fields";
            }

            public Call plain(Operation operation, String path) {
                return form(operation, path, false);
            }

            public Call spoofed(Operation operation, String path) {
                return form(operation, path, true);
            }
        });
        return vectors;
    }

    private Vector simple(String name, java.util.function.Consumer<Call> spoof) {
        return new Vector() {
            public String name() {
                return name;
            }

            public Call plain(Operation operation, String path) {
                return baseCall(operation, path);
            }

            public Call spoofed(Operation operation, String path) {
                Call call = baseCall(operation, path);
                spoof.accept(call);
                return call;
            }
        };
    }

    private String spoofValue(String name) {
        String lower = name.toLowerCase();
        if (lower.contains("subject") || lower.equals("sub")) {
            return victim;
        }
        if (lower.contains("tenant")) {
            return otherTenant;
        }
        if (lower.contains("method")) {
            return "DELETE";
        }
        if (lower.contains("responsecode")) {
            return "200";
        }
        if (lower.contains("uri") || lower.contains("path")) {
            return "/api/v1/tenants/" + otherTenant + "/recalls";
        }
        return "admin,operator,service";
    }

    /** The request the plain user makes: the document's query parameters and a body of the consumed type. */
    private Call baseCall(Operation operation, String path) {
        Call call = new Call(operation.method().toUpperCase(), path);
        operation.query().forEach(name -> call.query.add(Map.entry(name, queryValue(name))));
        switch (operation.consumes()) {
            case "application/json" -> {
                call.headers.put("Content-Type", "application/json");
                call.body = jsonBody().getBytes(StandardCharsets.UTF_8);
            }
            case "multipart/form-data" -> multipart(call, false);
            default -> {
            }
        }
        return call;
    }

    /** A form-encoded or multipart request, with or without the spoofed names as fields. */
    private Call form(Operation operation, String path, boolean spoof) {
        Call call = baseCall(operation, path);
        if ("multipart/form-data".equals(operation.consumes())) {
            multipart(call, spoof);
            return call;
        }
        StringBuilder form = new StringBuilder("user_id=" + user + "&mode=FULL_EXCLUDE");
        if (spoof) {
            NAMES.forEach(n -> form.append('&').append(encode(n)).append('=').append(encode(spoofValue(n))));
            form.append("&x-kavsak-roles=admin&x-kavsak-roles=operator");
        }
        call.headers.put("Content-Type", "application/x-www-form-urlencoded");
        call.body = form.toString().getBytes(StandardCharsets.UTF_8);
        return call;
    }

    private void multipart(Call call, boolean spoof) {
        String boundary = "spoof" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("user_id", user);
        fields.put("session_id", "s-1");
        fields.put("parse_mode", "basic");
        if (spoof) {
            NAMES.forEach(n -> fields.put(n, spoofValue(n)));
        }
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        if (spoof) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"x-kavsak-roles\"\r\n\r\n"
                    + "operator\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cv.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nBackend developer, 4 years of Java.\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        call.headers.put("Content-Type", "multipart/form-data; boundary=" + boundary);
        call.body = body.toByteArray();
    }

    /** One body for every JSON operation, naming the attacker's own user where a user id is asked for. */
    private String jsonBody() {
        return "{\"mode\": \"FULL_EXCLUDE\", \"user_id\": \"" + user + "\", \"session_id\": \"s-1\","
                + " \"parse_mode\": \"basic\", \"text\": \"Data analyst, 3 years of SQL and Python.\","
                + " \"features\": {\"payment_timeliness\": 0.5}, \"kind\": \"click\", \"payload\": {\"n\": 1},"
                + " \"reason\": \"spoof test\", \"email\": \"someone@example.test\","
                + " \"display_name\": \"Spoofed\", \"privacy_contact\": \"p@example.test\"}";
    }

    private String queryValue(String name) {
        return switch (name) {
            case "user_id" -> user;
            case "page" -> "0";
            case "size" -> "5";
            case "overdue" -> "false";
            case "state" -> "REQUESTED";
            default -> "1";
        };
    }

    private HttpResponse<String> send(Call call) {
        StringBuilder uri = new StringBuilder("http://localhost:" + port + call.path);
        for (int i = 0; i < call.query.size(); i++) {
            uri.append(i == 0 ? '?' : '&').append(encode(call.query.get(i).getKey())).append('=')
                    .append(encode(call.query.get(i).getValue()));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri.toString()))
                .timeout(Duration.ofSeconds(90))
                .method(call.method, call.body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(call.body));
        call.headers.forEach(request::header);
        call.extraHeaders.forEach(h -> request.header(h.getKey(), h.getValue()));
        request.header("Authorization", "Bearer " + userToken);
        try {
            // a 503 (e.g. every sync parse slot busy) says "later", not who the caller is: wait and ask again
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (int attempt = 1; attempt < 5 && response.statusCode() == 503; attempt++) {
                Thread.sleep(1000L * Math.min(5, Long.parseLong(response.headers().firstValue("Retry-After").orElse("2"))));
                response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
            return response;
        } catch (Exception e) {
            throw new IllegalStateException(call.method + " " + uri + " failed", e);
        }
    }

    private static boolean same(HttpResponse<String> a, HttpResponse<String> b) {
        return sameStatus(a.statusCode(), b.statusCode()) && normalized(a.body()).equals(normalized(b.body()));
    }

    /**
     * Equal statuses, or 201 and 200 of an idempotent create: when the recall pipeline closes the user's request
     * between two calls, the next call creates a new one (201) that the call after it finds (200); the bodies,
     * which name the user's request, still have to be the same.
     */
    private static boolean sameStatus(int a, int b) {
        return a == b || (Math.min(a, b) == 200 && Math.max(a, b) == 201);
    }

    /** A body without what differs between two identical requests: ids, times and measured durations. */
    private static String normalized(String body) {
        String text = STORED_FILES.matcher(body).replaceAll("<stored>");
        text = UUIDS.matcher(text).replaceAll("<id>");
        text = TIMES.matcher(text).replaceAll("<time>");
        return DECIMALS.matcher(text).replaceAll("<n>");
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static final class Call {
        final String method;
        final String path;
        final Map<String, String> headers = new LinkedHashMap<>();
        final List<Map.Entry<String, String>> extraHeaders = new ArrayList<>();
        final List<Map.Entry<String, String>> query = new ArrayList<>();
        byte[] body;

        Call(String method, String path) {
            this.method = method;
            this.path = path;
        }
    }

    private record Operation(String method, String template, String id, String consumes, List<String> query) {

        String pathFor(String tenantId, Map<String, String> ids, String victim) {
            String path = template.replace("{tenantId}", tenantId).replace("{userId}", victim);
            for (Map.Entry<String, String> id : ids.entrySet()) {
                path = path.replace("{" + id.getKey() + "}", id.getValue());
            }
            return path.replaceAll("\\{[^}]+}", "x");
        }
    }
}
