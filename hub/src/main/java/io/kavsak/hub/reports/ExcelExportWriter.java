package io.kavsak.hub.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormat;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * An .xlsx workbook written with Apache POI's streaming SXSSF: only the last {@value #WINDOW} rows stay in memory,
 * older ones go to a temporary file until the workbook is written. Numbers stay numbers (unless a double would
 * lose digits: longer than 15 significant digits, they are written as text), dates and time stamps are Excel dates
 * with a date format, booleans are booleans. A result longer than a sheet continues on the next sheet.
 */
final class ExcelExportWriter extends ExportWriter {

    static final int WINDOW = 200;
    private static final int SHEET_ROWS = SpreadsheetVersion.EXCEL2007.getMaxRows();
    private static final int MAX_TEXT = SpreadsheetVersion.EXCEL2007.getMaxTextLength();
    private static final long EXACT_LONG = 1L << 53;

    private final OutputStream out;
    private final SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
    private final CellStyle header;
    private final CellStyle date;
    private final CellStyle timestamp;
    private final CellStyle time;
    private SXSSFSheet sheet;
    private int next;

    ExcelExportWriter(OutputStream out) {
        this.out = out;
        DataFormat formats = workbook.createDataFormat();
        Font bold = workbook.createFont();
        bold.setBold(true);
        header = workbook.createCellStyle();
        header.setFont(bold);
        date = workbook.createCellStyle();
        date.setDataFormat(formats.getFormat("yyyy-mm-dd"));
        timestamp = workbook.createCellStyle();
        timestamp.setDataFormat(formats.getFormat("yyyy-mm-dd hh:mm:ss"));
        time = workbook.createCellStyle();
        time.setDataFormat(formats.getFormat("hh:mm:ss"));
    }

    @Override
    protected void header(List<ReportQueries.Column> columns) {
        newSheet();
    }

    private void newSheet() {
        int number = workbook.getNumberOfSheets() + 1;
        sheet = workbook.createSheet(number == 1 ? "Report" : "Report " + number);
        sheet.setDefaultColumnWidth(18);
        sheet.createFreezePane(0, 1);
        Row row = sheet.createRow(0);
        List<ReportQueries.Column> columns = described();
        for (int i = 0; i < columns.size(); i++) {
            Cell cell = row.createCell(i);
            cell.setCellValue(columns.get(i).label());
            cell.setCellStyle(header);
        }
        next = 1;
    }

    @Override
    protected void write(long number, List<Object> values) {
        if (next == SHEET_ROWS) {
            newSheet();
        }
        Row row = sheet.createRow(next++);
        List<ReportQueries.Column> columns = described();
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            if (value != null) {
                set(row.createCell(i), value, columns.get(i));
            }
        }
    }

    private void set(Cell cell, Object value, ReportQueries.Column column) {
        if (value instanceof Boolean b) {
            cell.setCellValue(b);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            cell.setCellValue(((Number) value).doubleValue());
        } else if (value instanceof Long l && l >= -EXACT_LONG && l <= EXACT_LONG) {
            cell.setCellValue(l.doubleValue());
        } else if (value instanceof BigDecimal d && d.precision() <= 15) {
            cell.setCellValue(d.doubleValue());
        } else if (value instanceof BigInteger i && i.bitLength() <= 53) {
            cell.setCellValue(i.doubleValue());
        } else if ((value instanceof Double || value instanceof Float)
                && Double.isFinite(((Number) value).doubleValue())) {
            cell.setCellValue(((Number) value).doubleValue());
        } else if (value instanceof java.sql.Date d && d.toLocalDate().getYear() >= 1900) {
            cell.setCellValue(d.toLocalDate());
            cell.setCellStyle(date);
        } else if (value instanceof LocalDate d && d.getYear() >= 1900) {
            cell.setCellValue(d);
            cell.setCellStyle(date);
        } else if (value instanceof java.sql.Time t) {
            cell.setCellValue(t.toLocalTime().toNanoOfDay() / 86_400e9);
            cell.setCellStyle(time);
        } else if (value instanceof LocalTime t) {
            cell.setCellValue(t.toNanoOfDay() / 86_400e9);
            cell.setCellStyle(time);
        } else {
            LocalDateTime when = CellText.localDateTime(value, column);
            if (when != null && when.getYear() >= 1900) {
                cell.setCellValue(when);
                cell.setCellStyle(timestamp);
            } else {
                String text = CellText.of(value, column);
                cell.setCellValue(text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text);
            }
        }
    }

    @Override
    void finish() throws IOException {
        if (sheet == null) {
            newSheet();
        }
        workbook.write(out);
    }

    @Override
    public void close() throws IOException {
        workbook.close(); // also deletes the temporary sheet files
    }
}
