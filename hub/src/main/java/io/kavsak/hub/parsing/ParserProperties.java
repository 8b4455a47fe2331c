package io.kavsak.hub.parsing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** Settings of the CV parsing pipeline ({@code kavsak.parser.*}). */
@ConfigurationProperties("kavsak.parser")
public record ParserProperties(
        @DefaultValue("10MB") DataSize maxFileSize,
        @DefaultValue("200000") int maxTextCharacters,
        @DefaultValue("60s") Duration syncWait,
        @DefaultValue("8") int syncMaxConcurrent,
        @DefaultValue("5s") Duration syncRetryAfter,
        @DefaultValue("10m") Duration processingTimeout,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("30d") Duration retention,
        @DefaultValue Llm llm,
        @DefaultValue Extraction extraction) {

    /** The pool of child JVMs that extract text from uploaded files, each parse bounded in time and heap. */
    public record Extraction(
            @DefaultValue("30s") Duration timeout,
            @DefaultValue("256MB") DataSize childHeap,
            @DefaultValue("2") int poolSize) {
    }

    /** The OpenAI-compatible chat-completions API behind the {@code advanced} mode; unset means none. */
    public record Llm(
            String baseUrl,
            String apiKey,
            @DefaultValue("gpt-4o-mini") String model,
            @DefaultValue("60s") Duration timeout,
            @DefaultValue("3") int maxRetries,
            @DefaultValue("1s") Duration initialBackoff,
            @DefaultValue("30s") Duration maxBackoff) {

        public boolean configured() {
            return baseUrl != null && !baseUrl.isBlank();
        }
    }
}
