package io.kavsak.hub.indexing;

import org.apache.kafka.clients.admin.Admin;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedder and this replica's search index. */
@Configuration
public class IndexingConfig {

    @Bean
    public TextEmbedder textEmbedder() {
        return new MiniLmEmbedder();
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
