package io.kavsak.hub.reports;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Settings of tenant datasources and the read-only report queries run on them ({@code kavsak.reports.*}). */
@ConfigurationProperties("kavsak.reports")
public record ReportProperties(
        String encryptionKey,
        @DefaultValue("30s") Duration statementTimeout,
        @DefaultValue("10000") int maxRows,
        @DefaultValue("100") int previewRows,
        @DefaultValue("2") int poolSize,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("1000") int pdfMaxRows) {
}
