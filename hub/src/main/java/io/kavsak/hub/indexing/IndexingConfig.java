package io.kavsak.hub.indexing;

import java.time.Duration;
import java.util.Locale;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The Metadata DB, the embedder and this replica's search index. */
@Configuration
public class IndexingConfig {

    /** {@code kavsak.indexing.embedder}: {@code minilm} (in process, the default) or {@code openai} (an API). */
    @Bean
    public TextEmbedder textEmbedder(@Value("${kavsak.indexing.embedder}") String embedder,
                                     @Value("${kavsak.indexing.openai.base-url}") String baseUrl,
                                     @Value("${kavsak.indexing.openai.api-key}") String apiKey,
                                     @Value("${kavsak.indexing.openai.model-name}") String modelName,
                                     @Value("${kavsak.indexing.openai.dimensions:}") Integer dimensions,
                                     @Value("${kavsak.indexing.openai.timeout}") Duration timeout) {
        return switch (embedder.strip().toLowerCase(Locale.ROOT)) {
            case "minilm" -> new MiniLmEmbedder();
            case "openai" -> new OpenAiEmbedder(baseUrl, apiKey, modelName, dimensions, timeout);
            default -> throw new IllegalStateException(
                    "kavsak.indexing.embedder must be minilm or openai, not '" + embedder + "'");
        };
    }

    /** The hub's own database unless {@code kavsak.indexing.metadata.url} names an external Metadata DB. */
    @Bean(destroyMethod = "close")
    public MetadataDb metadataDb(NamedParameterJdbcTemplate hub, @Value("${kavsak.indexing.metadata.url}") String url,
                                 @Value("${kavsak.indexing.metadata.username}") String username,
                                 @Value("${kavsak.indexing.metadata.password}") String password) {
        return url.isBlank() ? MetadataDb.hubOwn(hub) : MetadataDb.external(url, username, password);
    }

    @Bean
    public SearchIndexGroup searchIndexGroup(@Value("${kavsak.indexing.replica-id}") String replicaId, Admin kafkaAdmin) {
        return new SearchIndexGroup(replicaId, kafkaAdmin);
    }

    @Bean(destroyMethod = "close")
    public LuceneSearchIndex luceneSearchIndex() {
        return new LuceneSearchIndex();
    }
}
