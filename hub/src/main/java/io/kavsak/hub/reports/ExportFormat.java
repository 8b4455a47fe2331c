package io.kavsak.hub.reports;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The file formats a report is exported to, named in a scheduled job's {@code delivery_format}. */
public enum ExportFormat {
    CSV("csv", "csv", "text/csv; charset=UTF-8"),
    EXCEL("excel", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    PDF("pdf", "pdf", "application/pdf");

    private final String deliveryFormat;
    private final String extension;
    private final String contentType;

    ExportFormat(String deliveryFormat, String extension, String contentType) {
        this.deliveryFormat = deliveryFormat;
        this.extension = extension;
        this.contentType = contentType;
    }

    /** The seed's {@code delivery_format} value: {@code csv}, {@code excel} or {@code pdf}. */
    public String deliveryFormat() {
        return deliveryFormat;
    }

    /** The file name extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** The media type of the file, for the mail attachment. */
    public String contentType() {
        return contentType;
    }

    /** Parses a {@code delivery_format} value, ignoring case. */
    public static ExportFormat fromDeliveryFormat(String value) {
        for (ExportFormat format : values()) {
            if (format.deliveryFormat.equalsIgnoreCase(value == null ? "" : value.trim())) {
                return format;
            }
        }
        throw new IllegalArgumentException("Unknown delivery format '" + value + "'; allowed: " + allowed());
    }

    /** The allowed {@code delivery_format} values, comma-separated. */
    public static String allowed() {
        return Arrays.stream(values()).map(ExportFormat::deliveryFormat).collect(Collectors.joining(", "));
    }
}
