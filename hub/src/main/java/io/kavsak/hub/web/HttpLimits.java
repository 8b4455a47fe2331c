package io.kavsak.hub.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** Bounds on what one HTTP caller may make the hub hold ({@code kavsak.http.*}); each answers a problem+json beyond. */
@ConfigurationProperties("kavsak.http")
public record HttpLimits(
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue Json json,
        @DefaultValue Sse sse) {

    /** The shape of a JSON body; depth and lengths are Jackson's {@code StreamReadConstraints}. */
    public record Json(
            @DefaultValue("32") int maxDepth,
            @DefaultValue("1000") int maxCollectionSize,
            @DefaultValue("1000000") int maxStringLength,
            @DefaultValue("100") int maxNumberLength,
            @DefaultValue("256") int maxNameLength) {
    }

    /** Concurrent server-sent-event streams. */
    public record Sse(
            @DefaultValue("20") int maxPerTenant,
            @DefaultValue("200") int maxPerHub,
            @DefaultValue("10s") Duration retryAfter,
            @DefaultValue("15s") Duration heartbeat,
            @DefaultValue("15m") Duration timeout) {
    }
}
