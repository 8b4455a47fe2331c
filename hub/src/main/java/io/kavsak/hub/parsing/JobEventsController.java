package io.kavsak.hub.parsing;

import io.kavsak.hub.web.ApiProblem;
import io.kavsak.hub.web.Caller;
import io.kavsak.hub.web.Problems;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 */
@RestController
public class JobEventsController {

    private final ParserApi api;
    private final ParsedCvStore store;
    private final JobWatch watch;
    private final Problems problems;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "parser-job-events");
        thread.setDaemon(true);
        return thread;
    });

    public JobEventsController(ParserApi api, ParsedCvStore store, JobWatch watch, Problems problems) {
        this.api = api;
        this.store = store;
        this.watch = watch;
        this.problems = problems;
    }

    @GetMapping(path = "/api/v1/parser/job/{job_id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter events(@PathVariable("job_id") String jobId, HttpServletRequest request) throws IOException {
        ParsedCv job = api.find(Caller.of(request), jobId);
        UUID id = job.id();
        SseEmitter emitter = new SseEmitter(TimeUnit.MINUTES.toMillis(15));
        AtomicReference<String> last = new AtomicReference<>();
        Runnable push = () -> store.find(id).ifPresentOrElse(current -> send(emitter, current, last),
                emitter::complete);
        Runnable stopListening = watch.listen(id, changed -> push.run());
        ScheduledFuture<?> poll = ticker.scheduleWithFixedDelay(push, 1, 1, TimeUnit.SECONDS);
        Runnable cleanup = () -> {
            stopListening.run();
            poll.cancel(false);
        };
        emitter.onCompletion(cleanup);
        emitter.onTimeout(cleanup);
        emitter.onError(e -> cleanup.run());
        send(emitter, job, last);
        return emitter;
    }

    private static synchronized void send(SseEmitter emitter, ParsedCv job, AtomicReference<String> last) {
        String key = job.status() + "|" + job.updatedAt();
        if (key.equals(last.getAndSet(key))) {
            return;
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
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<String> problem(ApiProblem problem, HttpServletRequest request) {
        return ResponseEntity.status(problem.status()).contentType(MediaType.parseMediaType(Problems.MEDIA_TYPE))
                .body(problems.document(problem, request.getRequestURI()));
    }

    @PreDestroy
    void stop() {
        ticker.shutdownNow();
    }
}
