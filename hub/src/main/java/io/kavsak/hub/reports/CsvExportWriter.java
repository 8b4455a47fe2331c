package io.kavsak.hub.reports;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** RFC 4180 CSV in UTF-8: a header row, CRLF line ends, fields quoted when they hold a comma, quote or line end. */
final class CsvExportWriter extends ExportWriter {

    private final CSVPrinter printer;

    CsvExportWriter(OutputStream out) throws IOException {
        this.printer = new CSVPrinter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
                64 * 1024), CSVFormat.RFC4180);
    }

    @Override
    protected void header(List<ReportQueries.Column> columns) throws IOException {
        printer.printRecord(columns.stream().map(ReportQueries.Column::label));
    }

    @Override
    protected void write(long number, List<Object> values) throws IOException {
        List<ReportQueries.Column> columns = described();
        for (int i = 0; i < values.size(); i++) {
            printer.print(CellText.of(values.get(i), columns.get(i)));
        }
        printer.println();
    }

    @Override
    void finish() throws IOException {
        printer.flush();
    }

    @Override
    public void close() throws IOException {
        printer.close();
    }
}
