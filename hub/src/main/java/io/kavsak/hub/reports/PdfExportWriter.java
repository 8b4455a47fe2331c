package io.kavsak.hub.reports;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfTemplate;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.text.NumberFormat;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * A paginated A4 landscape table made with OpenPDF, its header row repeated on every page, flushed to the file every
 * {@value #FLUSH_ROWS} rows so memory stays flat. Only the first {@code cap} rows are drawn; the line under the title
 * (filled in when the result is read to its end) gives the row count and, when capped, "first N of M rows".
 */
final class PdfExportWriter extends ExportWriter {

    static final int FLUSH_ROWS = 100;
    private static final int MAX_CELL_TEXT = 500;
    /** Liberation Sans (SIL OFL), shipped in the OpenPDF jar: covers Latin incl. Turkish, Greek and Cyrillic. */
    private static final String FONT = "/font-fallback/LiberationSans-Regular.ttf";
    private static final Color HEADER_BACKGROUND = new Color(0xE4, 0xE8, 0xEE);

    private final Document document = new Document(PageSize.A4.rotate(), 28, 28, 28, 28);
    private final PdfWriter writer;
    private final int cap;
    private final Font cellFont;
    private final Font headerFont;
    private final BaseFont baseFont;
    private PdfTemplate summary;
    private PdfPTable table;

    PdfExportWriter(OutputStream out, int cap) throws IOException {
        this.cap = cap;
        this.baseFont = font();
        this.cellFont = new Font(baseFont, 7.5f);
        this.headerFont = new Font(baseFont, 7.5f, Font.BOLD);
        this.writer = PdfWriter.getInstance(document, out);
        document.addCreator("Kavsak");
        document.addTitle("Report");
        document.open();
    }

    private static BaseFont font() throws IOException {
        try (InputStream in = PdfExportWriter.class.getResourceAsStream(FONT)) {
            if (in == null) {
                throw new IOException("the PDF font " + FONT + " is not on the class path");
            }
            return BaseFont.createFont("LiberationSans-Regular.ttf", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, false,
                    in.readAllBytes(), null);
        }
    }

    @Override
    protected void header(List<ReportQueries.Column> columns) throws IOException {
        Font title = new Font(baseFont, 11, Font.BOLD);
        Paragraph heading = new Paragraph("Report exported "
                + DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.SECONDS).toLocalDateTime()) + " UTC", title);
        summary = writer.getDirectContent().createTemplate(PageSize.A4.rotate().getWidth() - 56, 12);
        try {
            heading.add(Chunk.NEWLINE);
            heading.add(new Chunk(Image.getInstance(summary), 0, -2, true));
            heading.setSpacingAfter(6);
            document.add(heading);
        } catch (DocumentException e) {
            throw new IOException(e);
        }
        table = new PdfPTable(Math.max(1, columns.size()));
        table.setWidthPercentage(100);
        table.setHeaderRows(1);
        table.setSplitLate(false);
        table.setComplete(false);
        for (ReportQueries.Column column : columns) {
            PdfPCell cell = new PdfPCell(new Phrase(column.label(), headerFont));
            cell.setBackgroundColor(HEADER_BACKGROUND);
            table.addCell(cell);
        }
    }

    @Override
    protected void write(long number, List<Object> values) throws IOException {
        if (number > cap) {
            return; // counted, not drawn
        }
        List<ReportQueries.Column> columns = described();
        for (int i = 0; i < values.size(); i++) {
            String text = CellText.of(values.get(i), columns.get(i));
            if (text != null && text.length() > MAX_CELL_TEXT) {
                text = text.substring(0, MAX_CELL_TEXT) + "…";
            }
            PdfPCell cell = new PdfPCell(new Phrase(text == null ? "" : text, cellFont));
            if (values.get(i) instanceof Number) {
                cell.setHorizontalAlignment(Element.ALIGN_RIGHT);
            }
            table.addCell(cell);
        }
        if (number % FLUSH_ROWS == 0) {
            add(table);
        }
    }

    @Override
    boolean truncated() {
        return rows() > cap;
    }

    @Override
    void finish() throws IOException {
        if (rows() == 0) {
            table.setHeaderRows(0); // a table of header rows only is not drawn
        }
        table.setComplete(true);
        add(table);
        NumberFormat count = NumberFormat.getIntegerInstance(Locale.ROOT);
        count.setGroupingUsed(true);
        String line = truncated()
                ? "First " + count.format(cap) + " of " + count.format(rows()) + " rows: a PDF shows at most "
                + count.format(cap) + " rows (kavsak.reports.pdf-max-rows); CSV and Excel exports carry every row."
                : count.format(rows()) + (rows() == 1 ? " row" : " rows");
        summary.beginText();
        summary.setFontAndSize(baseFont, 9);
        summary.setTextMatrix(0, 2);
        summary.showText(line);
        summary.endText();
        document.close();
    }

    private void add(PdfPTable content) throws IOException {
        try {
            document.add(content);
        } catch (DocumentException e) {
            throw new IOException("the PDF table could not be laid out: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() {
        if (document.isOpen()) {
            try {
                document.close();
            } catch (RuntimeException ignored) {
                // the file is being thrown away; closing only releases the writer
            }
        }
    }
}
