package io.kavsak.hub.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.recall.RecallJob;
import io.kavsak.hub.recall.RecallMode;
import io.kavsak.hub.support.HubIntegrationTest;
import io.kavsak.hub.support.OpenAiStub;
import io.kavsak.hub.support.TestLog;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

@ExtendWith(OutputCaptureExtension.class)
class ParsingIT extends HubIntegrationTest {

    private static final String TENANT = "acme";

    @BeforeEach
    void registerTheTenant() {
        registerTenant(TENANT);
    }
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CamelContext camel;
    @Autowired
    ParsedCvErasure erasure;
    @Autowired
    ParserReaper reaper;

    private static String marker() {
        StringBuilder letters = new StringBuilder("mk");
        for (int i = 0; i < 14; i++) {
            letters.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return letters.toString();
    }

    private String submitText(String user, String text, String mode) {
        String body = json.createObjectNode().put("user_id", user).put("session_id", "session456").put("text", text)
                .put("parse_mode", mode).toString();
        HttpResponse<String> response = call("POST", "/api/v1/parser/parse-text-async", TOKENS.user(user, TENANT),
                body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return jsonOf(response).path("job_id").asText();
    }

    private JsonNode awaitFinished(String jobId, String token) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(
                () -> jsonOf(call("GET", "/api/v1/parser/job/" + jobId, token, null)),
                job -> !job.path("status").asText().equals("processing"));
    }

    private String parsedCvRow(String jobId) {
        return jdbc.queryForObject("select row_to_json(p)::text from parsed_cv p where id = ?::uuid", String.class,
                jobId);
    }

    private static void assertFreeOf(String where, String text, List<String> personalData) {
        String folded = text.toLowerCase(new Locale("tr"));
        for (String planted : personalData) {
            assertThat(folded).as(where + " must not contain " + planted)
                    .doesNotContain(planted.toLowerCase(new Locale("tr")));
        }
    }

    @Test
    void aTextJobAnswersAtOnceAndEndsWithTheSeedsFieldsAndABasicProfile() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String token = TOKENS.user(user, TENANT);
        CvCorpus.Cv cv = CvCorpus.english(marker());
        HttpResponse<String> submitted = call("POST", "/api/v1/parser/parse-text-async", token, json.createObjectNode()
                .put("user_id", user).put("session_id", "session456").put("text", cv.text()).toString());
        assertThat(submitted.statusCode()).isEqualTo(200);
        JsonNode accepted = jsonOf(submitted);
        String jobId = accepted.path("job_id").asText();
        assertThat(accepted.path("status").asText()).isEqualTo("processing");
        assertThat(accepted.path("message").asText())
                .isEqualTo("Job created successfully. Check status at /api/v1/parser/job/" + jobId);

        JsonNode job = awaitFinished(jobId, token);
        assertThat(job.path("status").asText()).isEqualTo("success");
        assertThat(job.fieldNames()).toIterable().containsExactly("job_id", "status", "user_id", "session_id",
                "file_name", "cv_language", "processing_time_seconds", "error_message", "created_at", "updated_at");
        assertThat(job.path("cv_language").asText()).isEqualTo("en");
        assertThat(job.path("processing_time_seconds").isNumber()).isTrue();
        assertThat(job.path("error_message").isNull()).isTrue();

        JsonNode result = jsonOf(call("GET", "/api/v1/parser/result/" + jobId, token, null));
        assertThat(result.path("id").asText()).isEqualTo(jobId);
        assertThat(result.path("user_id").asText()).isEqualTo(user);
        assertThat(result.path("session_id").asText()).isEqualTo("session456");
        assertThat(result.path("status").asText()).isEqualTo("success");
        assertThat(result.path("parsed_data").path("cv_language").asText()).isEqualTo("en");
        JsonNode basics = result.path("parsed_data").path("profile").path("basics");
        assertThat(basics.path("profession").asText()).isEqualTo("Senior Software Engineer");
        assertThat(basics.path("total_experience_in_years").asDouble()).isEqualTo(8.8);
        assertThat(basics.path("has_driving_license").asBoolean()).isTrue();
        assertThat(basics.has("first_name")).isFalse();
        List<String> skills = new ArrayList<>();
        basics.path("skills").forEach(s -> skills.add(s.asText()));
        assertThat(skills).contains("Java", "Spring Boot", "Apache Kafka", "Docker", "Kubernetes", "PostgreSQL",
                "Python");
        JsonNode experiences = result.path("parsed_data").path("profile").path("professional_experiences");
        assertThat(experiences).hasSize(2);
        assertThat(experiences.get(0).path("company").asText()).isEqualTo("Acme Corp");
        assertThat(experiences.get(0).path("start_date").asText()).isEqualTo("2018-01");
        JsonNode education = result.path("parsed_data").path("profile").path("education").get(0);
        assertThat(education.path("school").asText()).isEqualTo("Middle East Technical University");
        assertThat(education.path("degree").asText()).isEqualTo("Bachelor of Science");
        assertThat(education.path("field_of_study").asText()).isEqualTo("Computer Engineering");
        assertFreeOf("parsed_cv", parsedCvRow(jobId), cv.personalData());
    }

    @Test
    void plantedPersonalDataReachesNeitherParsedCvNorTheLogsNorTheLlm(CapturedOutput output) throws Exception {
        long logMark = TestLog.mark();
        String user = "user-" + UUID.randomUUID();
        String token = TOKENS.user(user, TENANT);
        String enMarker = marker();
        String trMarker = marker();
        CvCorpus.Cv english = CvCorpus.english(enMarker);
        CvCorpus.Cv turkish = CvCorpus.turkish(trMarker);
        String llmProfile = """
                {"profile": {"basics": {"profession": "Software Engineer", "total_experience_in_years": 8,
                  "summary": "Backend engineer", "has_driving_license": true, "skills": ["Java", "Kafka"],
                  "first_name": "Leaked", "emails": ["leak@example.com"]},
                  "professional_experiences": [{"title": "Engineer", "company": "Acme Corp", "start_date": "2018-01",
                    "end_date": null, "is_current": true, "description": "Reach me at leak@example.com or 0532 123 45 67"}],
                  "education": [{"degree": "BSc", "field_of_study": "Computer Engineering", "school": "METU",
                    "start_date": "2010", "end_date": "2014"}]}}""";
        OpenAiStub.shared().answers(enMarker, llmProfile, 0);
        OpenAiStub.shared().answers(trMarker, llmProfile, 0);

        List<String> jobs = new ArrayList<>();
        Map<String, String> advanced = Map.of("user_id", user, "session_id", "s1", "parse_mode", "advanced");
        Map<String, String> basic = Map.of("user_id", user, "session_id", "s1", "parse_mode", "basic");
        for (Map<String, String> fields : List.of(advanced, basic)) {
            jobs.add(jsonOf(multipart("/api/v1/parser/parse-file-async", token, fields, "cv.pdf",
                    CvCorpus.pdf(english.text()))).path("job_id").asText());
            jobs.add(jsonOf(multipart("/api/v1/parser/parse-file-async", token, fields, "özgeçmiş.docx",
                    CvCorpus.docx(turkish.text()))).path("job_id").asText());
        }
        jobs.add(submitText(user, turkish.text(), "basic"));

        List<String> planted = new ArrayList<>(english.personalData());
        planted.addAll(turkish.personalData());
        planted.addAll(List.of("Leaked", "leak@example.com"));
        for (String jobId : jobs) {
            JsonNode job = awaitFinished(jobId, token);
            assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("success");
            assertFreeOf("parsed_cv " + jobId, parsedCvRow(jobId).replace("özgeçmiş.docx", ""), planted);
        }
        JsonNode turkishResult = jsonOf(call("GET", "/api/v1/parser/result/" + jobs.get(3), token, null));
        assertThat(turkishResult.path("cv_language").asText()).isEqualTo("tr");
        assertThat(turkishResult.path("parsed_data").path("profile").path("basics").path("profession").asText())
                .isEqualTo("Yazılım Mühendisi");
        assertThat(turkishResult.path("stored_file_path").asText())
                .matches(".*/tenants/acme/cv/ozgecmis_\\d{8}_\\d{6}_" + jobs.get(3).substring(0, 8) + "\\.docx");

        List<String> llmRequests = new ArrayList<>(OpenAiStub.shared().received(enMarker));
        llmRequests.addAll(OpenAiStub.shared().received(trMarker));
        assertThat(llmRequests).hasSize(2);
        llmRequests.forEach(request -> assertFreeOf("LLM request", request, planted));
        // the console and the log file (where the tests' logging goes, see test-logback.xml)
        String logs = output.getAll() + TestLog.since(logMark);
        assertFreeOf("logs", logs, planted.stream().filter(p -> p.length() > 4).toList());
        assertThat(logs).doesNotContain(enMarker).doesNotContain(trMarker);
    }

    @Test
    void aFileNamedAfterThePersonLeavesNoTraceOfTheNameInTheAnswerTheRowOrTheStoredPath() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String token = TOKENS.user(user, TENANT);
        CvCorpus.Cv cv = CvCorpus.english(marker());
        HttpResponse<String> submitted = multipart("/api/v1/parser/parse-file-async", token,
                Map.of("user_id", user, "session_id", "s1", "parse_mode", "basic"), "John_Carter_CV.pdf",
                CvCorpus.pdf(cv.text()));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
        String jobId = jsonOf(submitted).path("job_id").asText();
        JsonNode job = awaitFinished(jobId, token);
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("success");
        assertThat(job.path("file_name").asText()).isEqualTo("[redacted]_CV.pdf");
        HttpResponse<String> result = call("GET", "/api/v1/parser/result/" + jobId, token, null);
        assertThat(jsonOf(result).path("stored_file_path").asText())
                .matches(".*/tenants/acme/cv/cv_\\d{8}_\\d{6}_" + jobId.substring(0, 8) + "\\.pdf");
        List<String> name = List.of("John", "Carter");
        assertFreeOf("job answer", job.toString(), name);
        assertFreeOf("result answer", result.body(), name);
        assertFreeOf("parsed_cv", parsedCvRow(jobId), name);
        try (var files = Files.list(Path.of(jsonOf(result).path("stored_file_path").asText()).getParent())) {
            assertFreeOf("stored file names", files.map(Path::toString).toList().toString(), name);
        }
    }

    @Test
    void theLlmAnswering429WithRetryAfterIsRetriedAndASlowLlmFailsTheJobWithTheReason() {
        String user = "user-" + UUID.randomUUID();
        String token = TOKENS.user(user, TENANT);
        String limited = marker();
        OpenAiStub.shared().rateLimitsThenAnswers(limited, 2, "1", """
                {"profile": {"basics": {"profession": "Data Engineer", "total_experience_in_years": 3,
                 "summary": null, "has_driving_license": null, "skills": ["Spark"]},
                 "professional_experiences": [], "education": []}}""");
        String slow = marker();
        OpenAiStub.shared().answers(slow, "{}", 5000);
        String notJson = marker();
        OpenAiStub.shared().answers(notJson, "I am sorry, I cannot help with that.", 0);

        String limitedJob = submitText(user, "Data engineer with Spark, " + limited, "advanced");
        String slowJob = submitText(user, "Backend developer, " + slow, "advanced");
        String notJsonJob = submitText(user, "Designer, " + notJson, "advanced");

        JsonNode ok = awaitFinished(limitedJob, token);
        assertThat(ok.path("status").asText()).as(ok.toString()).isEqualTo("success");
        assertThat(OpenAiStub.shared().received(limited)).hasSize(3);
        assertThat(ok.path("processing_time_seconds").asDouble()).isGreaterThanOrEqualTo(2.0);
        JsonNode profile = jsonOf(call("GET", "/api/v1/parser/result/" + limitedJob, token, null));
        assertThat(profile.path("parsed_data").path("profile").path("basics").path("profession").asText())
                .isEqualTo("Data Engineer");

        JsonNode timedOut = awaitFinished(slowJob, token);
        assertThat(timedOut.path("status").asText()).isEqualTo("failed");
        assertThat(timedOut.path("error_message").asText()).isEqualTo("OpenAI API error: timed out");
        assertThat(OpenAiStub.shared().received(slow)).hasSize(4);

        JsonNode invalid = awaitFinished(notJsonJob, token);
        assertThat(invalid.path("status").asText()).isEqualTo("failed");
        assertThat(invalid.path("error_message").asText()).isEqualTo("The LLM's answer is not valid JSON");
    }

    @Test
    void htmlRtfAndOdtCvsAreReadThroughTika() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String token = TOKENS.user(user, TENANT);
        CvCorpus.Cv cv = CvCorpus.english(marker());
        List<String> lines = List.of(cv.text().split("\n"));
        String escaped = String.join("\n", lines.stream().map(l -> l.replace("&", "&amp;").replace("<", "&lt;")
                .replace(">", "&gt;")).toList());
        byte[] html = ("<!DOCTYPE html><html><head><title>CV</title></head><body>"
                + String.join("", lines.stream().map(l -> "<p>" + l.replace("&", "&amp;").replace("<", "&lt;")
                + "</p>").toList()) + "</body></html>").getBytes(StandardCharsets.UTF_8);
        byte[] rtf = ("{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Arial;}}\n"
                + String.join("", lines.stream().map(l -> l.replace("\\", "\\\\").replace("{", "\\{")
                .replace("}", "\\}") + "\\par\n").toList()) + "}").getBytes(StandardCharsets.US_ASCII);
        byte[] odt = odt(escaped);

        Map<String, String> fields = Map.of("user_id", user, "session_id", "s", "parse_mode", "basic");
        for (Map.Entry<String, byte[]> file : Map.of("cv.html", html, "cv.rtf", rtf, "cv.odt", odt).entrySet()) {
            HttpResponse<String> submitted = multipart("/api/v1/parser/parse-file-async", token, fields,
                    file.getKey(), file.getValue());
            assertThat(submitted.statusCode()).as(file.getKey() + ": " + submitted.body()).isEqualTo(200);
            String jobId = jsonOf(submitted).path("job_id").asText();
            JsonNode job = awaitFinished(jobId, token);
            assertThat(job.path("status").asText()).as(file.getKey() + ": " + job).isEqualTo("success");
            JsonNode result = jsonOf(call("GET", "/api/v1/parser/result/" + jobId, token, null));
            assertThat(result.path("stored_file_path").asText()).as(file.getKey())
                    .endsWith("." + file.getKey().substring(3));
            assertThat(result.path("parsed_data").path("profile").path("basics").path("profession").asText())
                    .as(file.getKey()).isEqualTo("Senior Software Engineer");
            assertFreeOf("parsed_cv", parsedCvRow(jobId), cv.personalData());
        }
    }

    /** A minimal OpenDocument text: the stored mimetype entry first, a manifest, one paragraph per line. */
    private static byte[] odt(String escapedLines) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            byte[] mimetype = "application/vnd.oasis.opendocument.text".getBytes(StandardCharsets.US_ASCII);
            java.util.zip.ZipEntry first = new java.util.zip.ZipEntry("mimetype");
            first.setMethod(java.util.zip.ZipEntry.STORED);
            first.setSize(mimetype.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(mimetype);
            first.setCrc(crc.getValue());
            zip.putNextEntry(first);
            zip.write(mimetype);
            zip.closeEntry();
            zip.putNextEntry(new java.util.zip.ZipEntry("META-INF/manifest.xml"));
            zip.write(("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
                     <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
                     <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
                    </manifest:manifest>
                    """).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new java.util.zip.ZipEntry("content.xml"));
            StringBuilder content = new StringBuilder("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
                      xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
                    <office:body><office:text>
                    """);
            for (String line : escapedLines.split("\n")) {
                content.append("<text:p>").append(line).append("</text:p>\n");
            }
            content.append("</office:text></office:body></office:document-content>\n");
            zip.write(content.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void filesAreCheckedBySizeAndContentAndHostileFilesFailOnlyTheirJob() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String token = TOKENS.user(user, TENANT);
        Map<String, String> fields = Map.of("user_id", user, "session_id", "s", "parse_mode", "basic");

        HttpResponse<String> tooLarge = multipart("/api/v1/parser/parse-file-async", token, fields, "cv.pdf",
                new byte[10 * 1024 * 1024 + 1]);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1};
        HttpResponse<String> mistyped = multipart("/api/v1/parser/parse-file-async", token, fields, "cv.pdf", png);
        assertThat(mistyped.statusCode()).isEqualTo(415);
        assertThat(jsonOf(mistyped).path("field").asText()).isEqualTo("file");

        HttpResponse<String> missing = multipart("/api/v1/parser/parse-file-async", token, fields, null, null);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(jsonOf(missing).path("field").asText()).isEqualTo("file");

        byte[] encrypted = CvCorpus.encryptedPdf(CvCorpus.english(marker()).text());
        String encryptedJob = jsonOf(multipart("/api/v1/parser/parse-file-async", token, fields, "cv.pdf", encrypted))
                .path("job_id").asText();
        byte[] corrupt = java.util.Arrays.copyOf(CvCorpus.pdf("Software Engineer"), 300);
        String corruptJob = jsonOf(multipart("/api/v1/parser/parse-file-async", token, fields, "cv.pdf", corrupt))
                .path("job_id").asText();
        String traversal = jsonOf(multipart("/api/v1/parser/parse-file-async", token, fields,
                "../../../../etc/passwd.txt", "Software engineer with Java".getBytes(StandardCharsets.UTF_8)))
                .path("job_id").asText();

        JsonNode encryptedResult = awaitFinished(encryptedJob, token);
        assertThat(encryptedResult.path("status").asText()).isEqualTo("failed");
        assertThat(encryptedResult.path("error_message").asText()).contains("encrypted");
        JsonNode corruptResult = awaitFinished(corruptJob, token);
        assertThat(corruptResult.path("status").asText()).isEqualTo("failed");
        assertThat(corruptResult.path("error_message").asText()).startsWith("The file could not be read");
        JsonNode traversalResult = jsonOf(call("GET", "/api/v1/parser/result/" + traversal, token, null));
        awaitFinished(traversal, token);
        Path stored = Path.of(jsonOf(call("GET", "/api/v1/parser/result/" + traversal, token, null))
                .path("stored_file_path").asText());
        assertThat(stored.getParent().toString()).endsWith("/tenants/acme/cv");
        // only CV words survive in a stored name, so the traversal's last part is gone too
        assertThat(stored.getFileName().toString()).matches("cv_\\d{8}_\\d{6}_[0-9a-f]{8}\\.txt");
        assertThat(traversalResult).isNotNull();
        assertThat(management("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aDecompressionBombFailsItsJobWithAClearMessage() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String token = TOKENS.user(user, TENANT);
        byte[] docx = HostileDocuments.expandingDocx();
        assertThat(docx.length).isLessThan(2 * 1024 * 1024);
        HttpResponse<String> response = multipart("/api/v1/parser/parse-file-async", token,
                Map.of("user_id", user, "session_id", "s"), "bomb.docx", docx);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode job = awaitFinished(jsonOf(response).path("job_id").asText(), token);
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("failed");
        // the text limit or, for a parser that first loads the whole part, the child's heap stops it
        assertThat(job.path("error_message").asText()).containsAnyOf("far more than a CV",
                "more memory to read than the 256 MB allowed");
        assertThat(management("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aFileThatNeverEndsOrExhaustsTheParsersMemoryFailsOnlyItsOwnJob() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String token = TOKENS.user(user, TENANT);
        Map<String, String> fields = Map.of("user_id", user, "session_id", "s", "parse_mode", "basic");
        String endless = jsonOf(multipart("/api/v1/parser/parse-file-async", token, fields, "cv.pdf",
                HostileDocuments.endlessPdf())).path("job_id").asText();
        String hungry = jsonOf(multipart("/api/v1/parser/parse-file-async", token, fields, "cv.pdf",
                HostileDocuments.memoryHungryPdf())).path("job_id").asText();
        String marker = marker();
        String ordinary = jsonOf(multipart("/api/v1/parser/parse-file-async", token, fields, "cv.pdf",
                CvCorpus.pdf(CvCorpus.english(marker).text()))).path("job_id").asText();

        // jobs on the hostile jobs' partitions wait for them: 30 s timeout, an out-of-memory error, a restart
        Duration bound = Duration.ofSeconds(150);
        JsonNode ordinaryJob = await().atMost(bound).pollInterval(Duration.ofMillis(200)).until(
                () -> jsonOf(call("GET", "/api/v1/parser/job/" + ordinary, token, null)),
                job -> !job.path("status").asText().equals("processing"));
        assertThat(ordinaryJob.path("status").asText()).as(ordinaryJob.toString()).isEqualTo("success");
        assertThat(call("GET", "/api/v1/parser/result/" + ordinary, token, null).body()).contains("Java");
        assertThat(management("/actuator/health/liveness", null).statusCode()).isEqualTo(200);

        JsonNode hungryJob = await().atMost(bound).pollInterval(Duration.ofMillis(200)).until(
                () -> jsonOf(call("GET", "/api/v1/parser/job/" + hungry, token, null)),
                job -> !job.path("status").asText().equals("processing"));
        assertThat(hungryJob.path("status").asText()).isEqualTo("failed");
        assertThat(hungryJob.path("error_message").asText())
                .startsWith("The document needs more memory to read than the 256 MB allowed");
        JsonNode endlessJob = await().atMost(bound).pollInterval(Duration.ofMillis(200)).until(
                () -> jsonOf(call("GET", "/api/v1/parser/job/" + endless, token, null)),
                job -> !job.path("status").asText().equals("processing"));
        assertThat(endlessJob.path("status").asText()).isEqualTo("failed");
        assertThat(endlessJob.path("error_message").asText())
                .isEqualTo("The document could not be read within 30 s (it is too large or too complex)");
        assertThat(jdbc.queryForObject("select attempts from parsed_cv where id = ?::uuid", Integer.class, endless))
                .as("a rejected document is not retried").isEqualTo(1);
        assertThat(management("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void callersSubmitOnlyForThemselvesUnlessServiceAndSeeOnlyTheirTenantsJobs() {
        String user = "user-" + UUID.randomUUID();
        String body = json.createObjectNode().put("user_id", "someone-else").put("session_id", "s")
                .put("text", "Software engineer").toString();
        HttpResponse<String> forbidden = call("POST", "/api/v1/parser/parse-text-async", TOKENS.user(user, TENANT),
                body);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(jsonOf(forbidden).path("field").asText()).isEqualTo("user_id");

        String service = TOKENS.token("backend", TENANT, List.of("service"), Duration.ofMinutes(5));
        HttpResponse<String> onBehalf = call("POST", "/api/v1/parser/parse-text-async", service, body);
        assertThat(onBehalf.statusCode()).isEqualTo(200);
        String jobId = jsonOf(onBehalf).path("job_id").asText();

        String stranger = TOKENS.user("user-1", "other-tenant");
        assertThat(call("GET", "/api/v1/parser/job/" + jobId, stranger, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/parser/result/" + jobId, stranger, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/parser/job/" + UUID.randomUUID(), service, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/parser/job/not-a-uuid", service, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/parser/job/" + jobId, null, null).statusCode()).isEqualTo(401);

        HttpResponse<String> badMode = call("POST", "/api/v1/parser/parse-text-async", service, json.createObjectNode()
                .put("user_id", "u").put("session_id", "s").put("text", "x").put("parse_mode", "magic").toString());
        assertThat(badMode.statusCode()).isEqualTo(400);
        assertThat(jsonOf(badMode).path("field").asText()).isEqualTo("parse_mode");
        HttpResponse<String> noText = call("POST", "/api/v1/parser/parse-text-async", service, json.createObjectNode()
                .put("user_id", "u").put("session_id", "s").toString());
        assertThat(jsonOf(noText).path("field").asText()).isEqualTo("text");
    }

    @Test
    void theResultOfAnUnfinishedJobIsAConflictAndTheSseStreamPushesTheFinalStatus() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String token = TOKENS.user(user, TENANT);
        camel.getRouteController().stopRoute("parser-worker");
        String jobId;
        try {
            jobId = submitText(user, "Senior Java developer with Kafka", "basic");
            HttpResponse<String> early = call("GET", "/api/v1/parser/result/" + jobId, token, null);
            assertThat(early.statusCode()).isEqualTo(409);
            assertThat(early.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        } finally {
            camel.getRouteController().startRoute("parser-worker");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/parser/job/"
                + jobId + "/events")).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60))
                .GET().build();
        HttpResponse<InputStream> stream = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        List<String> statuses = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data:")) {
                    statuses.add(json.readTree(line.substring(5)).path("status").asText());
                }
            }
        }
        assertThat(statuses).isNotEmpty().last().isEqualTo("success");
        HttpRequest foreign = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/parser/job/"
                + jobId + "/events")).header("Authorization", "Bearer " + TOKENS.user("x", "other-tenant")).GET()
                .build();
        assertThat(HTTP.send(foreign, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    @Test
    void theSynchronousEndpointsAnswerWithTheResult() {
        String user = "user-" + UUID.randomUUID();
        String token = TOKENS.user(user, TENANT);
        HttpResponse<String> response = call("POST", "/api/v1/parser/parse-text", token, json.createObjectNode()
                .put("user_id", user).put("session_id", "s").put("text", CvCorpus.english(marker()).text()).toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode result = jsonOf(response);
        assertThat(result.path("status").asText()).isEqualTo("success");
        assertThat(result.path("parsed_data").path("profile").path("basics").path("profession").asText())
                .isEqualTo("Senior Software Engineer");
    }

    @Test
    void aStrandedJobIsRequeuedThenFailedAsTimedOutAfterTheLastAttempt() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String token = TOKENS.user(user, TENANT);
        camel.getRouteController().stopRoute("parser-worker");
        String requeued;
        String exhausted;
        try {
            requeued = submitText(user, "Java developer", "basic");
            exhausted = submitText(user, "Python developer", "basic");
            jdbc.update("update parsed_cv set requested_at = now() - interval '1 hour' where id in (?::uuid, ?::uuid)",
                    requeued, exhausted);
            jdbc.update("update parsed_cv set attempts = 3 where id = ?::uuid", exhausted);
            assertThat(reaper.reap()).isGreaterThanOrEqualTo(2);
        } finally {
            camel.getRouteController().startRoute("parser-worker");
        }
        assertThat(jdbc.queryForObject("select count(*) from outbox_event where event_type = 'parser.job.requested' "
                + "and record_key = ?", Integer.class, requeued)).isEqualTo(2);
        JsonNode failed = awaitFinished(exhausted, token);
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("error_message").asText()).startsWith("timed out");
        assertThat(awaitFinished(requeued, token).path("status").asText()).isEqualTo("success");
    }

    @Test
    void erasureDeletesOrUnlinksTheUsersParsedCvsAndFilesIdempotently() throws Exception {
        String deleted = "user-" + UUID.randomUUID();
        String anonymized = "user-" + UUID.randomUUID();
        String deletedJob = submitText(deleted, "Java developer", "basic");
        String anonymizedJob = submitText(anonymized, "Go developer", "basic");
        awaitFinished(deletedJob, TOKENS.user(deleted, TENANT));
        awaitFinished(anonymizedJob, TOKENS.user(anonymized, TENANT));
        Path deletedFile = Path.of(jdbc.queryForObject("select stored_file_path from parsed_cv where id = ?::uuid",
                String.class, deletedJob));
        Path anonymizedFile = Path.of(jdbc.queryForObject("select stored_file_path from parsed_cv where id = ?::uuid",
                String.class, anonymizedJob));

        assertThat(erasure.erase(new RecallJob(UUID.randomUUID(), TENANT, deleted, RecallMode.FULL_EXCLUDE)))
                .isEqualTo(1);
        assertThat(erasure.erase(new RecallJob(UUID.randomUUID(), TENANT, deleted, RecallMode.FULL_EXCLUDE)))
                .isZero();
        assertThat(jdbc.queryForObject("select count(*) from parsed_cv where id = ?::uuid", Integer.class,
                deletedJob)).isZero();
        assertThat(Files.exists(deletedFile)).isFalse();

        assertThat(erasure.erase(new RecallJob(UUID.randomUUID(), TENANT, anonymized, RecallMode.ANONYMIZE)))
                .isEqualTo(1);
        assertThat(erasure.erase(new RecallJob(UUID.randomUUID(), TENANT, anonymized, RecallMode.ANONYMIZE)))
                .isZero();
        Map<String, Object> row = jdbc.queryForMap("select * from parsed_cv where id = ?::uuid", anonymizedJob);
        assertThat(row.get("user_id").toString()).startsWith("anonymized-").doesNotContain(anonymized);
        assertThat(row.get("session_id").toString()).startsWith("anonymized-");
        assertThat(row.get("stored_file_path")).isNull();
        assertThat(row.get("parsed_data")).isNotNull();
        assertThat(Files.exists(anonymizedFile)).isFalse();
    }

    @Test
    void statsShowTheTenantsStatusDistributionAndMetricsArePublished() {
        registerTenant("stats-tenant");
        String user = "user-" + UUID.randomUUID();
        String token = TOKENS.user(user, "stats-tenant");
        String ok = jsonOf(call("POST", "/api/v1/parser/parse-text-async", token, json.createObjectNode()
                .put("user_id", user).put("session_id", "s").put("text", "Java developer").toString()))
                .path("job_id").asText();
        awaitFinished(ok, token);
        JsonNode stats = jsonOf(call("GET", "/api/v1/parser/stats", token, null));
        assertThat(stats.path("tenant_id").asText()).isEqualTo("stats-tenant");
        assertThat(stats.path("total_jobs").asLong()).isEqualTo(1);
        assertThat(stats.path("status_distribution").path("success").asLong()).isEqualTo(1);
        assertThat(stats.path("failure_rate").asDouble()).isZero();
        assertThat(stats.path("average_processing_time_seconds").isNumber()).isTrue();
        String prometheus = management("/actuator/prometheus", null).body();
        assertThat(prometheus).contains("kavsak_parser_jobs_total{").contains("kavsak_parser_processing_time_seconds");
    }
}
