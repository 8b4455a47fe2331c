package io.kavsak.hub.parsing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.CircuitBreakerConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * The {@code advanced} parse mode: redacted CV text to the configured OpenAI-compatible chat model
 * through the {@code parser-llm-chat} route (camel-langchain4j-chat behind a resilience4j circuit
 * breaker). Rate limits and timeouts are retried with backoff, honouring Retry-After; the answer
 * must be JSON that fits {@link CvProfileSchema}.
 */
@Component
public class CvLlmExtractor {

    private static final Logger log = LoggerFactory.getLogger(CvLlmExtractor.class);
    static final String INSTRUCTIONS = """
            You extract the professional profile from a CV. Answer with one JSON object and nothing else, shaped as:
            %s
            Dates are "YYYY-MM" or "YYYY"; total_experience_in_years is a number; skills are short names.
            Never output names, e-mail addresses, phone numbers, postal addresses, birth dates, national ids,
            photos, references or any other personal detail, even if the text contains them; personal details
            were replaced by [redacted]. Unknown values are null.""".formatted(CvProfileSchema.describe());

    /** Why an LLM call failed: the kinds {@link #kind} retries, an unusable answer, anything else. */
    private static final List<String> FAILURE_REASONS =
            List.of("circuit_open", "rate_limit", "timeout", "server_error", "invalid_answer", "other");

    private final ProducerTemplate camel;
    private final ParserProperties properties;
    private final ObjectMapper json;
    private final Timer latency;
    private final MeterRegistry meters;

    public CvLlmExtractor(ProducerTemplate camel, ParserProperties properties, ObjectMapper json,
                          MeterRegistry meters) {
        this.camel = camel;
        this.properties = properties;
        this.json = json;
        this.latency = Timer.builder("kavsak.parser.llm.latency").description("Time of one LLM call")
                .register(meters);
        this.meters = meters;
        // registered up front, so a rate over them is 0 rather than absent before the first failure
        for (String reason : FAILURE_REASONS) {
            failures(reason);
        }
    }

    private Counter failures(String reason) {
        return Counter.builder("kavsak.parser.llm.failures")
                .description("Failed LLM calls (each attempt), by reason; a job whose calls all fail fails")
                .tag("reason", reason).register(meters);
    }

    @Bean
    @ConditionalOnExpression("!'${kavsak.parser.llm.base-url:}'.isBlank()")
    static ChatModel cvChatModel(ParserProperties properties) {
        ParserProperties.Llm llm = properties.llm();
        return OpenAiChatModel.builder().baseUrl(llm.baseUrl())
                .apiKey(llm.apiKey() == null || llm.apiKey().isBlank() ? "not-needed" : llm.apiKey())
                .modelName(llm.model()).temperature(0.0).timeout(llm.timeout()).maxRetries(0)
                .httpClientBuilder(new OpenAiTransport()).build();
    }

    public boolean available() {
        return properties.llm().configured();
    }

    /** Asks the LLM for the profile of already redacted text; the answer is returned as parsed JSON. */
    public JsonNode extract(String redactedText) {
        // the chat component may add to the list, so it must be mutable
        List<ChatMessage> messages = new java.util.ArrayList<>(
                List.of(SystemMessage.from(INSTRUCTIONS), UserMessage.from(redactedText)));
        ParserProperties.Llm llm = properties.llm();
        Duration backoff = llm.initialBackoff();
        for (int attempt = 0; ; attempt++) {
            try {
                String answer = latency.recordCallable(() -> chat(messages));
                return parse(answer);
            } catch (CvRejectedException e) {
                failures("invalid_answer").increment();
                throw e;
            } catch (Exception e) {
                Throwable cause = rootOf(e);
                String kind = kind(e);
                failures(kind == null ? "other" : kind.replace(' ', '_')).increment();
                if (kind == null || attempt >= llm.maxRetries()) {
                    throw new CvRejectedException(reason(e, kind));
                }
                Duration wait = retryAfter(e);
                wait = wait == null ? backoff : wait;
                wait = wait.compareTo(llm.maxBackoff()) > 0 ? llm.maxBackoff() : wait;
                log.warn("LLM call failed ({}: {}), retry {} of {} in {} ms", kind, cause.getClass().getSimpleName(),
                        attempt + 1, llm.maxRetries(), wait.toMillis());
                sleep(wait);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    /**
     * One call through the {@code parser-llm-chat} route. An open circuit breaker does not throw in
     * Camel: the exchange comes back unanswered and flagged as short-circuited, which is turned into
     * {@link CircuitOpenException} here instead of being mistaken for an answer.
     */
    private String chat(List<ChatMessage> messages) throws Exception {
        org.apache.camel.Exchange exchange = camel.request("direct:parser-llm-chat",
                e -> e.getMessage().setBody(messages));
        if (exchange.getException() != null) {
            throw exchange.getException();
        }
        if (Boolean.TRUE.equals(exchange.getProperty(CircuitBreakerConstants.RESPONSE_SHORT_CIRCUITED, Boolean.class))
                || Boolean.TRUE.equals(exchange.getProperty(CircuitBreakerConstants.RESPONSE_REJECTED, Boolean.class))) {
            throw new CircuitOpenException();
        }
        return exchange.getMessage().getBody(String.class);
    }

    /** The breaker around the LLM is open after repeated failures: retry later, like a rate limit. */
    static final class CircuitOpenException extends RuntimeException {
        CircuitOpenException() {
            super("circuit breaker open", null, false, false);
        }
    }

    private JsonNode parse(String answer) {
        if (answer == null || answer.isBlank()) {
            throw new CvRejectedException("OpenAI API error: empty answer");
        }
        String text = answer.strip();
        if (text.startsWith("```")) {
            text = text.replaceAll("^```(json)?\\s*", "").replaceAll("\\s*```$", "");
        }
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new CvRejectedException("The LLM's answer is not valid JSON");
        }
    }

    /** "circuit open", "rate limit", "timeout", "server error", or null when retrying cannot help. */
    static String kind(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CircuitOpenException || t.getClass().getSimpleName().equals("CallNotPermittedException")) {
                return "circuit open";
            }
            if (t instanceof RateLimitException || (t instanceof HttpException h && h.statusCode() == 429)) {
                return "rate limit";
            }
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException
                    || t instanceof dev.langchain4j.exception.TimeoutException) {
                return "timeout";
            }
            if (t instanceof HttpException h && h.statusCode() >= 500) {
                return "server error";
            }
        }
        return null;
    }

    private static String reason(Throwable error, String kind) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CircuitOpenException || t.getClass().getSimpleName().equals("CallNotPermittedException")) {
                return "OpenAI API error: circuit open after repeated failures; try again later";
            }
        }
        if ("rate limit".equals(kind)) {
            return "OpenAI API error: Rate limit exceeded";
        }
        if ("timeout".equals(kind)) {
            return "OpenAI API error: timed out";
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HttpException h) {
                return "OpenAI API error: HTTP " + h.statusCode();
            }
        }
        return "OpenAI API error: " + rootOf(error).getClass().getSimpleName();
    }

    private static Duration retryAfter(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof OpenAiTransport.Failure f && f.retryAfter() != null) {
                return f.retryAfter();
            }
        }
        return null;
    }

    private static Throwable rootOf(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CvRejectedException("Interrupted while waiting to retry the LLM");
        }
    }
}
