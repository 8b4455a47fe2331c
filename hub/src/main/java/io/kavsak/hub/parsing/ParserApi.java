package io.kavsak.hub.parsing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.tenant.TenantRegistry;
import io.kavsak.hub.web.ApiProblem;
import io.kavsak.hub.web.Caller;
import io.kavsak.hub.web.JsonRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * The operations behind {@code /api/v1/parser} (seed 001): submit a CV file or text, asynchronously
 * or with a bounded wait, and read a job, its result and the tenant's statistics. A caller submits
 * for itself ({@code user_id} = token subject) unless its token has the {@code service} role.
 */
@Component("parserApi")
public class ParserApi {

    static final String JOB_PATH = "/api/v1/parser/job/";

    private final ParsedCvStore store;
    private final CvJobs jobs;
    private final CvStorage storage;
    private final CvLlmExtractor llm;
    private final JobWatch watch;
    private final SyncParseSlots syncSlots;
    private final ParserProperties properties;
    private final ObjectMapper json;
    private final TenantRegistry tenants;

    public ParserApi(ParsedCvStore store, CvJobs jobs, CvStorage storage, CvLlmExtractor llm, JobWatch watch,
                     SyncParseSlots syncSlots, ParserProperties properties, ObjectMapper json,
                     TenantRegistry tenants) {
        this.tenants = tenants;
        this.store = store;
        this.jobs = jobs;
        this.storage = storage;
        this.llm = llm;
        this.watch = watch;
        this.syncSlots = syncSlots;
        this.properties = properties;
        this.json = json;
    }

    public Map<String, Object> submitText(Exchange exchange) throws IOException {
        return accepted(exchange, createFromText(exchange));
    }

    public Map<String, Object> submitFile(Exchange exchange) throws IOException {
        return accepted(exchange, createFromFile(exchange));
    }

    public Object parseText(Exchange exchange) throws IOException {
        return syncSlots.within(() -> awaitResult(exchange, createFromText(exchange)));
    }

    public Object parseFile(Exchange exchange) throws IOException {
        return syncSlots.within(() -> awaitResult(exchange, createFromFile(exchange)));
    }

    public Map<String, Object> job(Exchange exchange, @Header("job_id") String jobId) {
        return status(find(exchange, jobId));
    }

    public Map<String, Object> result(Exchange exchange, @Header("job_id") String jobId) throws IOException {
        ParsedCv job = find(exchange, jobId);
        if (!job.finished()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "Job not finished",
                    "Job " + job.id() + " is still processing; poll " + JOB_PATH + job.id() + " until its status is "
                            + "success or failed", "job_id");
        }
        return result(job);
    }

    public Map<String, Object> stats(Exchange exchange) {
        String tenant = Caller.of(exchange).ownTenant();
        ParsedCvStore.TenantStats stats = store.stats(tenant);
        long finished = stats.byStatus().get(ParsedCv.SUCCESS) + stats.byStatus().get(ParsedCv.FAILED);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant_id", tenant);
        out.put("total_jobs", stats.byStatus().values().stream().mapToLong(Long::longValue).sum());
        out.put("status_distribution", stats.byStatus());
        out.put("average_processing_time_seconds", stats.averageProcessingTimeSeconds() == null ? null
                : Math.round(stats.averageProcessingTimeSeconds() * 100) / 100.0);
        out.put("failure_rate", finished == 0 ? 0.0
                : Math.round(stats.byStatus().get(ParsedCv.FAILED) * 10000.0 / finished) / 10000.0);
        return out;
    }

    /** The job as {@code GET /job/{job_id}} shows it, for the caller's own tenant only. */
    ParsedCv find(Exchange exchange, String jobId) {
        return find(Caller.of(exchange), jobId);
    }

    /**
     * A job the caller may see: a user only their own jobs, a back end (service) and the tenant's admin every
     * job of the tenant. The operator manages tenants and recalls, not CVs: it sees none. Anything else is
     * reported as absent, never as forbidden.
     */
    ParsedCv find(Caller caller, String jobId) {
        UUID id;
        try {
            id = UUID.fromString(jobId);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiProblem.notFound("Job " + jobId);
        }
        boolean tenantWide = caller.has(Caller.ADMIN) || caller.has(Caller.SERVICE);
        return store.find(caller.tenantId() == null ? "" : caller.tenantId(), id)
                .filter(job -> tenantWide || caller.subject().equals(job.userId()))
                .orElseThrow(() -> ApiProblem.notFound("Job " + jobId));
    }

    private UUID createFromText(Exchange exchange) throws IOException {
        Caller caller = Caller.of(exchange);
        String tenant = tenants.requireActive(caller.ownTenant());
        JsonRequest body = JsonRequest.parse(json, exchange.getMessage().getBody(String.class));
        String userId = owner(caller, body.requiredText("user_id"));
        String sessionId = body.requiredText("session_id");
        ParseMode mode = mode(body.optionalText("parse_mode"));
        String text = body.requiredText("text");
        if (text.length() > properties.maxTextCharacters()) {
            throw new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "Text too long", "'text' is longer than "
                    + properties.maxTextCharacters() + " characters", "text");
        }
        UUID id = UUID.randomUUID();
        Path stored = storage.storeText(tenant, id, text);
        return created(id, tenant, userId, sessionId, mode, "text", null, stored);
    }

    private UUID createFromFile(Exchange exchange) throws IOException {
        Caller caller = Caller.of(exchange);
        String tenant = tenants.requireActive(caller.ownTenant());
        MultipartHttpServletRequest form = multipart(exchange);
        String userId = owner(caller, formField(form, "user_id", true));
        String sessionId = formField(form, "session_id", true);
        ParseMode mode = mode(formField(form, "parse_mode", false));
        MultipartFile file = form.getFile("file");
        if (file == null) {
            throw ApiProblem.badRequest("file", "'file' is required: a multipart part holding the CV");
        }
        UUID id = UUID.randomUUID();
        Path stored;
        try (InputStream content = file.getInputStream()) {
            stored = storage.storeUpload(tenant, id, file.getOriginalFilename(), file.getSize(), content);
        }
        // kept and returned without the person's name real CVs are named after
        String fileName = CvFileName.redact(file.getOriginalFilename());
        return created(id, tenant, userId, sessionId, mode, "file", fileName, stored);
    }

    private UUID created(UUID id, String tenant, String userId, String sessionId, ParseMode mode, String source,
                         String fileName, Path stored) throws IOException {
        try {
            jobs.create(id, tenant, userId, sessionId, mode, source, fileName, stored.toString());
        } catch (RuntimeException e) {
            storage.delete(stored.toString());
            throw e;
        }
        return id;
    }

    private Map<String, Object> accepted(Exchange exchange, UUID id) {
        exchange.getMessage().setHeader("Location", JOB_PATH + id);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", id.toString());
        out.put("status", ParsedCv.PROCESSING);
        out.put("message", "Job created successfully. Check status at " + JOB_PATH + id);
        return out;
    }

    private Object awaitResult(Exchange exchange, UUID id) throws IOException {
        long deadline = System.nanoTime() + properties.syncWait().toNanos();
        Thread waiter = Thread.currentThread();
        Runnable stop = watch.listen(id, changed -> LockSupport.unpark(waiter));
        try {
            while (true) {
                ParsedCv job = store.find(id).orElseThrow(() -> ApiProblem.notFound("Job " + id));
                if (job.finished()) {
                    return result(job);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
                    exchange.getMessage().setHeader("Location", JOB_PATH + id);
                    return status(job);
                }
                LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(500)));
            }
        } finally {
            stop.run();
        }
    }

    private String owner(Caller caller, String userId) {
        if (!userId.equals(caller.subject()) && !caller.has(Caller.SERVICE)) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "Forbidden", "'user_id' must be the token's subject; only "
                    + "a token with the service role submits for other users", "user_id");
        }
        return userId;
    }

    private ParseMode mode(String value) {
        ParseMode mode;
        try {
            mode = ParseMode.of(value);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("parse_mode", "'parse_mode' must be 'basic' or 'advanced', not '" + value
                    + "'");
        }
        if (mode == ParseMode.ADVANCED && !llm.available()) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "Advanced parsing not configured",
                    "parse_mode 'advanced' needs an OpenAI-compatible LLM: set kavsak.parser.llm.base-url "
                            + "(KAVSAK_PARSER_LLM_BASE_URL), kavsak.parser.llm.api-key (KAVSAK_PARSER_LLM_API_KEY) and "
                            + "optionally kavsak.parser.llm.model; or use parse_mode 'basic'", "parse_mode");
        }
        return mode;
    }

    private static MultipartHttpServletRequest multipart(Exchange exchange) {
        if (exchange.getMessage() instanceof PlatformHttpMessage message
                && message.getRequest() instanceof MultipartHttpServletRequest form) {
            return form;
        }
        throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Multipart form required",
                "Send multipart/form-data with the parts user_id, session_id, parse_mode and file", "file");
    }

    private static String formField(MultipartHttpServletRequest form, String name, boolean required) {
        String value = form.getParameter(name);
        if (required && (value == null || value.isBlank())) {
            throw ApiProblem.badRequest(name, "'" + name + "' is required");
        }
        return value;
    }

    static Map<String, Object> status(ParsedCv job) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", job.id().toString());
        out.put("status", job.status());
        out.put("user_id", job.userId());
        out.put("session_id", job.sessionId());
        out.put("file_name", job.fileName());
        out.put("cv_language", job.cvLanguage());
        out.put("processing_time_seconds", job.processingTimeSeconds());
        out.put("error_message", job.errorMessage());
        out.put("created_at", job.createdAt());
        out.put("updated_at", job.updatedAt());
        return out;
    }

    private Map<String, Object> result(ParsedCv job) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", job.id().toString());
        out.put("user_id", job.userId());
        out.put("session_id", job.sessionId());
        out.put("stored_file_path", job.storedFilePath());
        JsonNode parsed = job.parsedData() == null ? null : json.readTree(job.parsedData());
        out.put("parsed_data", parsed);
        out.put("cv_language", job.cvLanguage());
        out.put("file_name", job.fileName());
        out.put("processing_time_seconds", job.processingTimeSeconds());
        out.put("status", job.status());
        out.put("error_message", job.errorMessage());
        out.put("created_at", job.createdAt());
        out.put("updated_at", job.updatedAt());
        return out;
    }

}
