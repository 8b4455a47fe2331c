package io.kavsak.hub.reports;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** Writes a query's rows into one export file as they come from the cursor; {@link #finish()} completes the file. */
abstract class ExportWriter implements ReportQueries.RowSink, Closeable {

    private List<ReportQueries.Column> columns = List.of();
    private long rows;

    @Override
    public final void columns(List<ReportQueries.Column> described) throws IOException {
        this.columns = described;
        header(described);
    }

    @Override
    public final void row(List<Object> values) throws IOException {
        rows++;
        write(rows, values);
    }

    /** The result's columns, known before the first row. */
    protected List<ReportQueries.Column> described() {
        return columns;
    }

    /** Rows the query returned so far. */
    long rows() {
        return rows;
    }

    /** Whether the file holds fewer rows than the query returned (the PDF row cap). */
    boolean truncated() {
        return false;
    }

    protected abstract void header(List<ReportQueries.Column> columns) throws IOException;

    /** Writes row number {@code number} (from 1). */
    protected abstract void write(long number, List<Object> values) throws IOException;

    /** Completes the file after the last row; nothing is complete without it. */
    abstract void finish() throws IOException;
}
