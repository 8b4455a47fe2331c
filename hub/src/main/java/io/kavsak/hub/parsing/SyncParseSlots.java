package io.kavsak.hub.parsing;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.kavsak.hub.web.ApiProblem;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The synchronous parse endpoints hold a request thread while they wait for the job; a bulkhead of
 * {@code kavsak.parser.sync-max-concurrent} permits bounds how many threads they may hold, so they can
 * never starve other requests. A call beyond it is refused at once with 503 and {@code Retry-After}.
 */
@Component
public class SyncParseSlots {

    private final Bulkhead bulkhead;
    private final ParserProperties properties;

    public SyncParseSlots(ParserProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.bulkhead = Bulkhead.of("parser-sync", BulkheadConfig.custom()
                .maxConcurrentCalls(properties.syncMaxConcurrent())
                .maxWaitDuration(Duration.ZERO)
                .build());
        Gauge.builder("kavsak.parser.sync.available", bulkhead, b -> b.getMetrics().getAvailableConcurrentCalls())
                .description("Free permits of the synchronous parse endpoints").register(meters);
    }

    /** Runs {@code call} holding one permit, or refuses it at once when none is free. */
    public <T> T within(ParseCall<T> call) throws java.io.IOException {
        if (!bulkhead.tryAcquirePermission()) {
            throw ApiProblem.busy(HttpStatus.SERVICE_UNAVAILABLE, "Synchronous parsing busy",
                    "All " + properties.syncMaxConcurrent() + " synchronous parse slots of this hub are in use "
                            + "(kavsak.parser.sync-max-concurrent); retry later or use parse-text-async / "
                            + "parse-file-async", properties.syncRetryAfter());
        }
        try {
            return call.run();
        } finally {
            bulkhead.onComplete();
        }
    }

    /** A synchronous parse: submit the job and wait for it. */
    @FunctionalInterface
    public interface ParseCall<T> {
        T run() throws java.io.IOException;
    }
}
