package io.kavsak.hub.reports;

import io.kavsak.hub.web.ApiProblem;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Exports a report query's result to a CSV, Excel or PDF file, streaming rows from the datasource's cursor into the
 * file through {@link ReportQueries}'s safe path (checked SQL, read-only transaction, statement timeout, row limit).
 * The file is written next to its target under a temporary name and moved into place only when complete; on any
 * failure nothing is left behind.
 */
@Service
public class ReportExports {

    private static final int BUFFER = 64 * 1024;

    private final ReportQueries queries;
    private final ReportProperties properties;

    public ReportExports(ReportQueries queries, ReportProperties properties) {
        this.queries = queries;
        this.properties = properties;
    }

    /**
     * Runs {@code sql} with {@code parameters} bound to its {@code ?} placeholders and writes the result to
     * {@code target} (its directories are created; an existing file is replaced).
     *
     * @throws ReportQueryFailedException when the query is refused by {@link ReadOnlyQueryPolicy} or fails, the result is over
     *                                    {@code kavsak.reports.max-rows}, or the file cannot be written
     */
    public ExportResult export(TenantDatasources.Connectable source, String sql, List<Object> parameters,
                               ExportFormat format, Path target) {
        Path file = target.toAbsolutePath();
        Path partial = null;
        try {
            Files.createDirectories(file.getParent());
            partial = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".part");
            ExportWriter finished;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), BUFFER);
                 ExportWriter writer = open(format, out)) {
                queries.stream(source, sql, parameters == null ? List.of() : parameters, writer);
                writer.finish();
                finished = writer;
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            partial = null;
            return new ExportResult(finished.rows(), Files.size(file), finished.truncated());
        } catch (ApiProblem refused) {
            throw new ReportQueryFailedException(refused.getMessage(), refused); // "The query was refused: …"
        } catch (IOException e) {
            throw new ReportQueryFailedException("the " + format.deliveryFormat() + " export " + file.getFileName()
                    + " could not be written: " + e.getMessage(), e);
        } finally {
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // the temporary name starts with a dot and ends in .part; nothing links to it
                }
            }
        }
    }

    private ExportWriter open(ExportFormat format, OutputStream out) throws IOException {
        return switch (format) {
            case CSV -> new CsvExportWriter(out);
            case EXCEL -> new ExcelExportWriter(out);
            case PDF -> new PdfExportWriter(out, Math.max(1, properties.pdfMaxRows()));
        };
    }
}
