package io.kavsak.hub.parsing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavsak.hub.events.EventEnvelope;
import io.kavsak.hub.events.EventInbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Parses one requested CV: text out of the stored file, language, personal data redacted, profile
 * extracted (basic or advanced), filtered and scanned again, then the final state stored. Runs inside
 * the Kafka consumer route, so the record's offset is committed only after this returns.
 */
@Component("cvParsingWorker")
public class CvParsingWorker {

    private static final Logger log = LoggerFactory.getLogger(CvParsingWorker.class);

    private final ParsedCvStore store;
    private final CvJobs jobs;
    private final CvTextExtractor text;
    private final CvLanguageDetector languages;
    private final PersonalDataRedactor redactor;
    private final BasicCvExtractor basic;
    private final CvLlmExtractor advanced;
    private final ParserProperties properties;
    private final ObjectMapper json;
    private final Timer processing;

    public CvParsingWorker(ParsedCvStore store, CvJobs jobs, CvTextExtractor text, CvLanguageDetector languages,
                           PersonalDataRedactor redactor, BasicCvExtractor basic, CvLlmExtractor advanced,
                           ParserProperties properties, ObjectMapper json, MeterRegistry meters) {
        this.store = store;
        this.jobs = jobs;
        this.text = text;
        this.languages = languages;
        this.redactor = redactor;
        this.basic = basic;
        this.advanced = advanced;
        this.properties = properties;
        this.json = json;
        this.processing = Timer.builder("kavsak.parser.processing.time")
                .description("Time from a worker taking a job to its final state").register(meters);
    }

    /** The route's step: the envelope's job_id names the job. */
    public void process(Exchange exchange) {
        EventEnvelope event = exchange.getProperty(EventInbox.ENVELOPE, EventEnvelope.class);
        UUID jobId;
        try {
            jobId = UUID.fromString(event.text("job_id"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new io.kavsak.hub.events.InvalidEventException("job_id is not a job id");
        }
        process(jobId);
    }

    public void process(UUID jobId) {
        Optional<ParsedCv> claimed = store.claim(jobId);
        if (claimed.isEmpty()) {
            log.debug("parser job {} already finished or erased; nothing to do", jobId);
            return;
        }
        ParsedCv job = claimed.get();
        if (job.attempts() > properties.maxAttempts()) {
            jobs.fail(job, null, "timed out: gave up after " + properties.maxAttempts() + " attempts", null);
            return;
        }
        long started = System.nanoTime();
        String language = null;
        try {
            log.info("parser job {} started (mode {}, attempt {})", jobId, job.parseMode().value(), job.attempts());
            if (job.storedFilePath() == null) {
                throw new CvRejectedException("The stored file is gone (deleted by retention or erasure)");
            }
            Path stored = Path.of(job.storedFilePath());
            String raw = "text".equals(job.source()) ? text.extractSubmittedText(stored) : text.extract(stored);
            language = languages.detect(raw);
            PersonalDataRedactor.Redaction redacted = redactor.redact(raw);
            ObjectNode profile = job.parseMode() == ParseMode.ADVANCED
                    ? CvProfileSchema.filter(advanced.extract(redacted.text()), redactor, redacted.nameTokens())
                    : CvProfileSchema.filter(basic.extract(redacted.text(), YearMonth.now(ZoneOffset.UTC)),
                    redactor, redacted.nameTokens());
            ObjectNode parsed = json.createObjectNode();
            parsed.set("profile", profile);
            parsed.put("cv_language", language);
            double seconds = seconds(started);
            if (jobs.succeed(job, language, json.writeValueAsString(parsed), seconds)) {
                log.info("parser job {} succeeded in {} s", jobId, seconds);
            }
        } catch (CvRejectedException e) {
            if (jobs.fail(job, language, e.getMessage(), seconds(started))) {
                log.info("parser job {} failed: {}", jobId, e.getMessage());
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            jobs.fail(job, language, "The parsed profile could not be written", seconds(started));
        } catch (org.springframework.dao.DataAccessException | TextExtractorUnavailableException e) {
            // an outage, not the CV's fault: the job stays processing and is retried up to max-attempts
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // only the type is logged: a message could quote the CV
            log.error("parser job {} failed unexpectedly: {}", jobId, e.getClass().getName());
            jobs.fail(job, language, "The CV could not be parsed (internal error " + e.getClass().getSimpleName()
                    + ")", seconds(started));
        } finally {
            processing.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private static double seconds(long startedNanos) {
        return Math.round((System.nanoTime() - startedNanos) / 1e7) / 100.0;
    }
}
