package io.kavsak.hub.indexing;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;

/** The default embedder: all-MiniLM-L6-v2 (384 dimensions) run in process on ONNX; the model ships in a jar. */
public class MiniLmEmbedder implements TextEmbedder {

    public static final String MODEL = "all-minilm-l6-v2";

    private final EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public int dimension() {
        return 384;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        return model.embedAll(texts.stream().map(TextSegment::from).toList()).content().stream()
                .map(e -> e.vector()).toList();
    }
}
