package io.kavsak.hub.indexing;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import io.kavsak.hub.events.ServiceOutageException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Embeddings from an OpenAI-compatible {@code POST /embeddings} API ({@code kavsak.indexing.embedder=openai}),
 * through langchain4j's {@link OpenAiEmbeddingModel}, one call per batch of texts. The model id recorded with
 * each vector is {@code openai:<model name>} ({@code openai:<model name>/<dimensions>} when the dimensions are
 * set, as shortened vectors are not comparable with full ones).
 *
 * <p>The client does not retry: an unreachable API, a timeout, a 429 or a 5xx is a {@link ServiceOutageException},
 * which the event routes' kafka-dlq policy waits out; any other refusal (a bad API key, an unknown model) is an
 * {@link EmbeddingRejectedException} naming the status, which is redelivered a bounded number of times and then
 * dead-lettered.
 */
public class OpenAiEmbedder implements TextEmbedder {

    private final EmbeddingModel model;
    private final String id;
    private final String baseUrl;
    private volatile int dimension;

    public OpenAiEmbedder(String baseUrl, String apiKey, String modelName, Integer dimensions, Duration timeout) {
        this.model = OpenAiEmbeddingModel.builder().baseUrl(baseUrl)
                .apiKey(apiKey == null || apiKey.isBlank() ? "not-needed" : apiKey)
                .modelName(modelName).dimensions(dimensions).timeout(timeout).maxRetries(0).build();
        this.id = "openai:" + modelName + (dimensions == null ? "" : "/" + dimensions);
        this.baseUrl = baseUrl;
        this.dimension = dimensions == null ? 0 : dimensions;
    }

    @Override
    public String model() {
        return id;
    }

    /** The configured dimensions, else those of the last answer (0 before the first). */
    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> vectors;
        try {
            vectors = model.embedAll(texts.stream().map(TextSegment::from).toList()).content().stream()
                    .map(e -> e.vector()).toList();
        } catch (RuntimeException e) {
            throw translate(e);
        }
        if (vectors.size() != texts.size()) {
            throw new EmbeddingRejectedException("The embeddings API at " + baseUrl + " answered " + vectors.size()
                    + " vectors for " + texts.size() + " texts", null);
        }
        if (!vectors.isEmpty()) {
            dimension = vectors.get(0).length;
        }
        return vectors;
    }

    /** An outage (waited out) or a refusal (fails), from what the client threw. */
    RuntimeException translate(RuntimeException error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException http) {
                return http.statusCode() == 429 || http.statusCode() >= 500 ? outage(error)
                        : new EmbeddingRejectedException("The embeddings API at " + baseUrl + " refused model " + id
                                + ": HTTP " + http.statusCode() + " " + excerpt(http.getMessage()), error);
            }
            if (t instanceof RetriableException || t instanceof IOException) {
                return outage(error);
            }
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NonRetriableException) {
                return new EmbeddingRejectedException("The embeddings API at " + baseUrl + " refused model " + id
                        + ": " + excerpt(t.getMessage()), error);
            }
        }
        return error;
    }

    private ServiceOutageException outage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new ServiceOutageException("The embeddings API at " + baseUrl + " is unavailable: "
                + root.getClass().getSimpleName() + " " + excerpt(root.getMessage()), error);
    }

    private static String excerpt(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** The embeddings API refused the request for a reason waiting will not cure (4xx other than 429). */
    public static class EmbeddingRejectedException extends RuntimeException {

        EmbeddingRejectedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
