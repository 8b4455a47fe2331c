package io.kavsak.hub.parsing;

import io.kavsak.hub.web.ApiProblem;
import io.kavsak.hub.web.Caller;
import io.kavsak.hub.web.EventStreamSlots;
import io.kavsak.hub.web.HttpLimits;
import io.kavsak.hub.web.Problems;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/parser/job/{job_id}/events}: a server-sent-events stream of the job's status,
 * one {@code status} event now and one per change, closed when the job is finished. A Spring MVC
 * controller because a long-lived SSE response does not fit a Camel REST route's single reply.
 * Streams are capped per tenant and per hub ({@link EventStreamSlots}); a comment line every
 * {@code kavsak.http.sse.heartbeat} finds clients that went away, so their slot is freed.
 */
@RestController
public class JobEventsController {

    private final ParserApi api;
    private final ParsedCvStore store;
    private final JobWatch watch;
    private final Problems problems;
    private final EventStreamSlots slots;
    private final HttpLimits.Sse limits;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "parser-job-events");
        thread.setDaemon(true);
        return thread;
    });

    public JobEventsController(ParserApi api, ParsedCvStore store, JobWatch watch, Problems problems,
                               EventStreamSlots slots, HttpLimits limits) {
        this.api = api;
        this.store = store;
        this.watch = watch;
        this.problems = problems;
        this.slots = slots;
        this.limits = limits.sse();
    }

    @GetMapping(path = "/api/v1/parser/job/{job_id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter events(@PathVariable("job_id") String jobId, HttpServletRequest request) throws IOException {
        ParsedCv job = api.find(Caller.of(request), jobId);
        UUID id = job.id();
        Runnable release = slots.acquire(job.tenantId());
        SseEmitter emitter = new SseEmitter(limits.timeout().toMillis());
        AtomicReference<String> last = new AtomicReference<>();
        AtomicLong lastWrite = new AtomicLong(System.nanoTime());
        long heartbeat = limits.heartbeat().toNanos();
        Runnable push = () -> store.find(id).ifPresentOrElse(current -> {
            if (send(emitter, current, last)) {
                lastWrite.set(System.nanoTime());
            } else if (System.nanoTime() - lastWrite.get() >= heartbeat) {
                lastWrite.set(System.nanoTime());
                keepAlive(emitter);
            }
        }, emitter::complete);
        Runnable stopListening = watch.listen(id, changed -> push.run());
        ScheduledFuture<?> poll = ticker.scheduleWithFixedDelay(push, 1, 1, TimeUnit.SECONDS);
        Runnable cleanup = () -> {
            stopListening.run();
            poll.cancel(false);
            release.run();
        };
        emitter.onCompletion(cleanup);
        emitter.onTimeout(cleanup);
        emitter.onError(e -> cleanup.run());
        send(emitter, job, last);
        return emitter;
    }

    /** Sends the job's status when it changed since the last one sent; true when it did. */
    private static synchronized boolean send(SseEmitter emitter, ParsedCv job, AtomicReference<String> last) {
        String key = job.status() + "|" + job.updatedAt();
        if (key.equals(last.getAndSet(key))) {
            return false;
        }
        try {
            emitter.send(SseEmitter.event().name("status").id(job.status()).data(ParserApi.status(job),
                    MediaType.APPLICATION_JSON));
            if (job.finished()) {
                emitter.complete();
            }
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        }
        return true;
    }

    private static synchronized void keepAlive(SseEmitter emitter) {
        try {
            emitter.send(SseEmitter.event().comment("keep-alive"));
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        }
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<String> problem(ApiProblem problem, HttpServletRequest request) {
        var response = ResponseEntity.status(problem.status());
        if (problem.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, problem.retryAfterSeconds().toString());
        }
        return response.contentType(MediaType.parseMediaType(Problems.MEDIA_TYPE))
                .body(problems.document(problem, request.getRequestURI()));
    }

    @PreDestroy
    void stop() {
        ticker.shutdownNow();
    }
}
