package io.kavsak.hub.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import io.kavsak.hub.events.ServiceOutageException;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the API client threw, told apart: an outage to wait out or a refusal that fails with its status. */
class OpenAiEmbedderTest {

    private final OpenAiEmbedder embedder =
            new OpenAiEmbedder("http://127.0.0.1:9/v1", "", "text-embedding-3-small", null, Duration.ofSeconds(1));

    @Test
    void theModelIdNamesTheProviderTheModelAndShortenedDimensions() {
        assertThat(embedder.model()).isEqualTo("openai:text-embedding-3-small");
        assertThat(new OpenAiEmbedder("http://127.0.0.1:9/v1", "k", "text-embedding-3-large", 256,
                Duration.ofSeconds(1)).model()).isEqualTo("openai:text-embedding-3-large/256");
    }

    @Test
    void unreachableTimeoutRateLimitAndServerErrorsAreOutages() {
        assertThat(embedder.translate(new LangChain4jException(new RuntimeException(new ConnectException("refused")))))
                .isInstanceOf(ServiceOutageException.class).hasMessageContaining("127.0.0.1:9");
        assertThat(embedder.translate(new TimeoutException(new java.net.http.HttpTimeoutException("timed out"))))
                .isInstanceOf(ServiceOutageException.class);
        assertThat(embedder.translate(new RateLimitException(new HttpException(429, "slow down"))))
                .isInstanceOf(ServiceOutageException.class);
        assertThat(embedder.translate(new InternalServerException(new HttpException(503, "overloaded"))))
                .isInstanceOf(ServiceOutageException.class);
    }

    @Test
    void aBadKeyOrAnUnknownModelIsRefusedWithItsStatus() {
        assertThat(embedder.translate(new AuthenticationException(new HttpException(401, "Incorrect API key"))))
                .isInstanceOf(OpenAiEmbedder.EmbeddingRejectedException.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("Incorrect API key")
                .hasMessageContaining("openai:text-embedding-3-small");
        assertThat(embedder.translate(new ModelNotFoundException(new HttpException(404, "model not found"))))
                .isInstanceOf(OpenAiEmbedder.EmbeddingRejectedException.class).hasMessageContaining("HTTP 404");
        IllegalStateException bug = new IllegalStateException("bug");
        assertThat(embedder.translate(bug)).isSameAs(bug);
    }
}
