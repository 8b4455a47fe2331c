package io.kavsak.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.support.HubIntegrationTest;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The route console in a real headless Chromium, driven over the DevTools protocol with the bearer header on every
 * request, as a browser user sees it. Runs only where a {@code chromium} binary is on the PATH (Debian: apt-get
 * install chromium); ConsoleIT checks the same data through Jolokia everywhere.
 */
class ConsoleBrowserIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Process chromium;
    private static DevTools browser;

    @Autowired
    CamelContext camel;

    @BeforeAll
    static void startChromium() throws Exception {
        Path binary = findOnPath("chromium");
        Assumptions.assumeTrue(binary != null, "no chromium on the PATH");
        Path profile = Path.of("target", "chromium-profile").toAbsolutePath();
        Files.createDirectories(profile);
        Files.deleteIfExists(profile.resolve("DevToolsActivePort"));
        chromium = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--remote-debugging-port=0", "--window-size=1600,1100", "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true).redirectOutput(Path.of("target", "chromium.log").toFile()).start();
        Path activePort = profile.resolve("DevToolsActivePort");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(activePort)
                && !Files.readAllLines(activePort).isEmpty());
        int port = Integer.parseInt(Files.readAllLines(activePort).get(0).trim());
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
        String page = null;
        for (JsonNode target : targets) {
            if ("page".equals(target.path("type").asText())) {
                page = target.path("webSocketDebuggerUrl").asText();
            }
        }
        browser = new DevTools(http, URI.create(page));
        browser.call("Network.enable", Map.of());
        browser.call("Page.enable", Map.of());
    }

    @AfterAll
    static void stopChromium() {
        if (chromium != null) {
            chromium.destroy();
        }
    }

    @Test
    void hubAdminSeesEveryRouteAndTheParserWorkersStepsDrawnWithCounts() throws Exception {
        open("/actuator/hawtio/camel/contexts", TOKENS.hubAdmin());
        await().atMost(Duration.ofSeconds(90)).until(() -> pageText().contains("parser-worker"));
        String tree = pageText();
        for (Route route : camel.getRoutes()) {
            assertThat(tree).as("the route tree").contains(route.getRouteId());
        }
        click("parser-worker");
        click("Route Diagram");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(pageText())
                .contains("extract-text").contains("redact-personal-data").contains("store-parsed-profile"));
    }

    @Test
    void aTenantAdminGetsNoConsole() throws Exception {
        open("/actuator/hawtio/camel/contexts", TOKENS.admin("a", "acme"));
        await().atMost(Duration.ofSeconds(30)).until(() -> pageText().contains("The token's roles do not allow this"));
        assertThat(pageText()).doesNotContain("parser-worker");
    }

    private void open(String path, String token) throws Exception {
        browser.call("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", "Bearer " + token)));
        browser.call("Page.navigate", Map.of("url", "http://localhost:" + managementPort + path));
    }

    private String pageText() throws Exception {
        return evaluate("document.body ? document.body.innerText : ''");
    }

    private void click(String text) throws Exception {
        String script = """
                (() => { const e = [...document.querySelectorAll('a,button,span,li,div')]
                  .filter(e => e.childElementCount === 0 && e.textContent.trim() === %s);
                  if (e.length) { e[0].click(); return 'clicked'; } return 'not found'; })()
                """.formatted(JSON.writeValueAsString(text));
        await().atMost(Duration.ofSeconds(30)).until(() -> "clicked".equals(evaluate(script)));
    }

    private String evaluate(String expression) throws Exception {
        return browser.call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true))
                .path("result").path("result").path("value").asText();
    }

    private static Path findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** A minimal DevTools protocol client: one command at a time, answers matched by id, events ignored. */
    private static final class DevTools implements WebSocket.Listener {

        private final WebSocket socket;
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final StringBuilder frame = new StringBuilder();

        DevTools(HttpClient http, URI uri) {
            this.socket = http.newWebSocketBuilder().buildAsync(uri, this).join();
        }

        JsonNode call(String method, Map<String, Object> params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(id, answer);
            socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true).join();
            JsonNode result = answer.get(30, TimeUnit.SECONDS);
            assertThat(result.has("error")).as(method + ": " + result).isFalse();
            return result;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(frame.toString());
                    CompletableFuture<JsonNode> answer = message.has("id") ? pending.remove(message.get("id").asInt()) : null;
                    if (answer != null) {
                        answer.complete(message);
                    }
                } catch (Exception e) {
                    pending.values().forEach(answer -> answer.completeExceptionally(e));
                }
                frame.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
