package io.kavsak.hub.indexing;

import java.util.Arrays;
import java.util.Optional;

/** The vector collections of seed 002. */
public enum Collection {
    SCHEMA_OBJECTS("schema_objects"),
    SCHEMA_COLUMNS("schema_columns"),
    BUSINESS_RULES("business_rules"),
    GOLDEN_QA("golden_qa"),
    QUERY_FEEDBACK("query_feedback");

    private final String id;

    Collection(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Collection> of(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }
}
