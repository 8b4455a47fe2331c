package io.kavsak.hub.indexing;

import org.apache.kafka.clients.admin.Admin;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The Metadata DB, the embedder and this replica's search index. */
@Configuration
public class IndexingConfig {

    @Bean
    public TextEmbedder textEmbedder() {
        return new MiniLmEmbedder();
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
