package io.kavsak.hub.indexing;

import java.util.List;

/** Turns texts into vectors with one model, whose name is recorded with every vector it makes. */
public interface TextEmbedder {

    String model();

    int dimension();

    List<float[]> embedAll(List<String> texts);

    default float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }
}
