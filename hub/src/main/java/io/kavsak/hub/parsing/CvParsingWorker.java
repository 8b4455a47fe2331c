package io.kavsak.hub.parsing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavsak.hub.events.EventEnvelope;
import io.kavsak.hub.events.EventInbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The steps of the {@code parser-worker} route (routes/parser-pipeline.camel.yaml), one method each: claim the job,
 * extract the text, detect its language, redact personal data, extract the profile (basic or advanced), filter it,
 * store the final state. The intermediate results travel as exchange properties, never as headers, and are dropped
 * when the job ends; nothing of the CV is logged. Runs inside the Kafka consumer route, so the record's offset is
 * committed only after the job's final state is stored.
 */
@Component("cvParsingWorker")
public class CvParsingWorker {

    /** The claimed job ({@link ParsedCv}); absent when there is nothing to do. */
    public static final String JOB = "kavsakParserJob";
    static final String STARTED = "kavsakParserStarted";
    static final String TEXT = "kavsakParserText";
    static final String LANGUAGE = "kavsakParserLanguage";
    static final String REDACTION = "kavsakParserRedaction";
    static final String PROFILE = "kavsakParserProfile";
    private static final List<String> STEP_RESULTS = List.of(JOB, STARTED, TEXT, LANGUAGE, REDACTION, PROFILE);

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

    /**
     * Takes the job the envelope's job_id names. A job already finished or erased is left alone, one past its last
     * attempt fails as timed out; in both cases {@link #JOB} stays unset and the route stops.
     */
    public void claim(Exchange exchange) {
        EventEnvelope event = exchange.getProperty(EventInbox.ENVELOPE, EventEnvelope.class);
        UUID jobId;
        try {
            jobId = UUID.fromString(event.text("job_id"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new io.kavsak.hub.events.InvalidEventException("job_id is not a job id");
        }
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
        log.info("parser job {} started (mode {}, attempt {})", jobId, job.parseMode().value(), job.attempts());
        exchange.setProperty(JOB, job);
        exchange.setProperty(STARTED, System.nanoTime());
    }

    /** The filter of the route: a job was claimed. */
    public boolean claimed(Exchange exchange) {
        return exchange.getProperty(JOB) != null;
    }

    /** The stored file's text (Tika in a child JVM, or the submitted text as it is). */
    public void extractText(Exchange exchange) {
        ParsedCv job = job(exchange);
        if (job.storedFilePath() == null) {
            throw new CvRejectedException("The stored file is gone (deleted by retention or erasure)");
        }
        Path stored = Path.of(job.storedFilePath());
        exchange.setProperty(TEXT, "text".equals(job.source()) ? text.extractSubmittedText(stored) : text.extract(stored));
    }

    public void detectLanguage(Exchange exchange) {
        exchange.setProperty(LANGUAGE, languages.detect(exchange.getProperty(TEXT, String.class)));
    }

    /** Replaces the personal data in the text; from here on only the redacted text is used. */
    public void redactPersonalData(Exchange exchange) {
        exchange.setProperty(REDACTION, redactor.redact(exchange.getProperty(TEXT, String.class)));
        exchange.removeProperty(TEXT);
    }

    /** The choice of the route: the job asked for parse_mode=advanced (the LLM). */
    public boolean advancedMode(Exchange exchange) {
        return job(exchange).parseMode() == ParseMode.ADVANCED;
    }

    public void extractProfileBasic(Exchange exchange) {
        exchange.setProperty(PROFILE, basic.extract(redaction(exchange).text(), YearMonth.now(ZoneOffset.UTC)));
    }

    public void extractProfileAdvanced(Exchange exchange) {
        exchange.setProperty(PROFILE, advanced.extract(redaction(exchange).text()));
    }

    /** Keeps only the profile's schema fields, and scans them again for personal data the extractor let through. */
    public void filterProfile(Exchange exchange) {
        exchange.setProperty(PROFILE, CvProfileSchema.filter(exchange.getProperty(PROFILE, JsonNode.class), redactor,
                redaction(exchange).nameTokens()));
    }

    public void storeParsedProfile(Exchange exchange) throws JsonProcessingException {
        ParsedCv job = job(exchange);
        String language = exchange.getProperty(LANGUAGE, String.class);
        ObjectNode parsed = json.createObjectNode();
        parsed.set("profile", exchange.getProperty(PROFILE, ObjectNode.class));
        parsed.put("cv_language", language);
        double seconds = seconds(exchange);
        if (jobs.succeed(job, language, json.writeValueAsString(parsed), seconds)) {
            log.info("parser job {} succeeded in {} s", job.id(), seconds);
        }
    }

    /**
     * The doCatch's condition: the CV could not be parsed. An outage (PostgreSQL, the extractor pool) is not the
     * CV's fault: it leaves the try block, the job stays processing and the route's error policy retries it.
     */
    public boolean cvFailure(Exchange exchange) {
        Throwable error = caught(exchange);
        return !(error instanceof DataAccessException || error instanceof TextExtractorUnavailableException);
    }

    /** Stores the job as failed with a reason that quotes nothing of the CV. */
    public void failJob(Exchange exchange) {
        ParsedCv job = job(exchange);
        String language = exchange.getProperty(LANGUAGE, String.class);
        Throwable error = caught(exchange);
        String reason;
        if (error instanceof CvRejectedException) {
            reason = error.getMessage();
        } else if (error instanceof JsonProcessingException) {
            reason = "The parsed profile could not be written";
        } else {
            // only the type is logged: a message could quote the CV
            log.error("parser job {} failed unexpectedly: {}", job.id(), error == null ? null : error.getClass().getName());
            reason = "The CV could not be parsed (internal error "
                    + (error == null ? "unknown" : error.getClass().getSimpleName()) + ")";
        }
        if (jobs.fail(job, language, reason, seconds(exchange)) && error instanceof CvRejectedException) {
            log.info("parser job {} failed: {}", job.id(), reason);
        }
    }

    /**
     * The doFinally: the processing time is recorded and the CV's intermediate results are dropped. The job and its
     * start stay: after an outage the route's error policy runs the try block again with them.
     */
    public void finish(Exchange exchange) {
        Long started = exchange.getProperty(STARTED, Long.class);
        if (started != null) {
            processing.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
        STEP_RESULTS.stream().filter(name -> !name.equals(JOB) && !name.equals(STARTED))
                .forEach(exchange::removeProperty);
    }

    private static Throwable caught(Exchange exchange) {
        return exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    private static ParsedCv job(Exchange exchange) {
        return exchange.getProperty(JOB, ParsedCv.class);
    }

    private static PersonalDataRedactor.Redaction redaction(Exchange exchange) {
        return exchange.getProperty(REDACTION, PersonalDataRedactor.Redaction.class);
    }

    private static double seconds(Exchange exchange) {
        long started = exchange.getProperty(STARTED, Long.class);
        return Math.round((System.nanoTime() - started) / 1e7) / 100.0;
    }
}
