package io.kavsak.hub.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.List;

/**
 * The OpenAI chat-completions API played by WireMock on loopback, speaking its real wire format. One
 * server per JVM, so the shared hub context points at it; tests tell their calls apart by a marker
 * that appears in the CV text they submit.
 */
public final class OpenAiStub {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static OpenAiStub shared;

    private final WireMockServer server;

    private OpenAiStub() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(40)
                .jettyAcceptors(2).asynchronousResponseEnabled(true).asynchronousResponseThreads(40));
        server.start();
    }

    public static synchronized OpenAiStub shared() {
        if (shared == null) {
            shared = new OpenAiStub();
            Runtime.getRuntime().addShutdownHook(new Thread(shared.server::stop, "openai-stub-stop"));
        }
        return shared;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    public WireMockServer server() {
        return server;
    }

    /** Requests for CVs containing {@code marker} are answered with {@code content} as the assistant message. */
    public void answers(String marker, String content, int delayMillis) {
        server.stubFor(chat(marker).willReturn(completion(content).withFixedDelay(delayMillis)));
    }

    /** The first {@code times} requests for {@code marker} get HTTP 429 with Retry-After, then {@code content}. */
    public void rateLimitsThenAnswers(String marker, int times, String retryAfterSeconds, String content) {
        String scenario = "rate-" + marker;
        String state = Scenario.STARTED;
        for (int i = 0; i < times; i++) {
            String next = "after-" + (i + 1);
            server.stubFor(chat(marker).inScenario(scenario).whenScenarioStateIs(state)
                    .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                            .withHeader("Retry-After", retryAfterSeconds)
                            .withBody("{\"error\":{\"message\":\"Rate limit reached for requests\","
                                    + "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}"))
                    .willSetStateTo(next));
            state = next;
        }
        server.stubFor(chat(marker).inScenario(scenario).whenScenarioStateIs(state).willReturn(completion(content)));
    }

    /** The request bodies the stub received that contain {@code marker}. */
    public List<String> received(String marker) {
        return server.getAllServeEvents().stream().map(e -> e.getRequest().getBodyAsString())
                .filter(body -> body.contains(marker)).toList();
    }

    /** Every request body the stub received. */
    public List<String> receivedAll() {
        return server.getAllServeEvents().stream().map(e -> e.getRequest().getBodyAsString()).toList();
    }

    private static MappingBuilder chat(String marker) {
        return post(urlPathEqualTo("/v1/chat/completions")).withRequestBody(containing(marker));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder completion(String content) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "chatcmpl-kavsak-stub");
        body.put("object", "chat.completion");
        body.put("created", 1_731_750_000L);
        body.put("model", "gpt-4o-mini");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        choice.put("finish_reason", "stop");
        ObjectNode usage = body.putObject("usage");
        usage.put("prompt_tokens", 812);
        usage.put("completion_tokens", 240);
        usage.put("total_tokens", 1052);
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body.toString());
    }
}
