package io.kavsak.hub.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Caps the server-sent-event streams a hub holds open, per tenant ({@code kavsak.http.sse.max-per-tenant})
 * and in all ({@code kavsak.http.sse.max-per-hub}): one more is a 429 problem with {@code Retry-After}.
 * Each stream gives its slot back when it completes, times out or fails.
 */
@Component
public class EventStreamSlots {

    private final HttpLimits.Sse limits;
    private final Map<String, Integer> perTenant = new HashMap<>();
    private int open;

    public EventStreamSlots(HttpLimits limits, MeterRegistry meters) {
        this.limits = limits.sse();
        Gauge.builder("kavsak.sse.streams", this, EventStreamSlots::open)
                .description("Server-sent-event streams this hub holds open").register(meters);
    }

    /** Takes a slot for one stream of {@code tenant}; the returned release is safe to call more than once. */
    public synchronized Runnable acquire(String tenant) {
        if (open >= limits.maxPerHub()) {
            throw full("This hub already serves " + limits.maxPerHub()
                    + " event streams (kavsak.http.sse.max-per-hub); try again later");
        }
        int used = perTenant.getOrDefault(tenant, 0);
        if (used >= limits.maxPerTenant()) {
            throw full("Tenant '" + tenant + "' already has " + limits.maxPerTenant()
                    + " open event streams (kavsak.http.sse.max-per-tenant); close one or poll the job instead");
        }
        perTenant.put(tenant, used + 1);
        open++;
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                release(tenant);
            }
        };
    }

    private synchronized void release(String tenant) {
        perTenant.computeIfPresent(tenant, (key, used) -> used <= 1 ? null : used - 1);
        open--;
    }

    public synchronized int open() {
        return open;
    }

    private ApiProblem full(String detail) {
        return ApiProblem.busy(HttpStatus.TOO_MANY_REQUESTS, "Too many event streams", detail, limits.retryAfter());
    }
}
