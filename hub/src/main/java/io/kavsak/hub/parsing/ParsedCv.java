package io.kavsak.hub.parsing;

import java.time.Instant;
import java.util.UUID;

/** One row of {@code parsed_cv}: a parsing job and, once it succeeded, its professional profile. */
public record ParsedCv(UUID id, String tenantId, String userId, String sessionId, ParseMode parseMode, String source,
                       String status, String fileName, String storedFilePath, String cvLanguage, String parsedData,
                       String errorMessage, Double processingTimeSeconds, int attempts, Instant requestedAt,
                       Instant createdAt, Instant updatedAt) {

    public static final String PROCESSING = "processing";
    public static final String SUCCESS = "success";
    public static final String FAILED = "failed";

    public boolean finished() {
        return !PROCESSING.equals(status);
    }
}
