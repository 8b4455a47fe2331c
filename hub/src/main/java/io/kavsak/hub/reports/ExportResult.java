package io.kavsak.hub.reports;

/**
 * What an export wrote: {@code rows} is the number of rows the query returned, {@code bytes} the size of the file,
 * and {@code truncated} that the PDF row cap ({@code kavsak.reports.pdf-max-rows}) was hit, so the PDF holds only the
 * first rows and says so in the document.
 */
public record ExportResult(long rows, long bytes, boolean truncated) {
}
