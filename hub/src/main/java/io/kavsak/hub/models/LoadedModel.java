package io.kavsak.hub.models;

import org.tribuo.Model;

/**
 * A model version in memory, as served: the version that answered, and whether it stands in for an active
 * version that could not be loaded.
 */
public record LoadedModel(ModelVersion version, Model<?> model, boolean fallback) {
}
