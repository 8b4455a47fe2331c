package io.kavsak.hub.indexing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedder and this replica's search index. */
@Configuration
public class IndexingConfig {

    @Bean
    public TextEmbedder textEmbedder() {
        return new MiniLmEmbedder();
    }

    @Bean(destroyMethod = "close")
    public LuceneSearchIndex luceneSearchIndex() {
        return new LuceneSearchIndex();
    }
}
