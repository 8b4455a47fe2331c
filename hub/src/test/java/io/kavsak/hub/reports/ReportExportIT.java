package io.kavsak.hub.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kavsak.hub.support.HubIntegrationTest;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Report exports from a second, real database on the embedded PostgreSQL, read back with real readers (Commons CSV,
 * POI's XSSF, PDFBox) and compared with the rows as JDBC reads them. The IT hub runs with
 * {@code kavsak.reports.max-rows=50} and {@code kavsak.reports.pdf-max-rows=20}.
 */
class ReportExportIT extends HubIntegrationTest {

    private static final String DATABASE = "kavsak_exports_it";
    private static final String ALL = "select id, name, amount, ratio, born, seen_at, paid_at, active, big "
            + "from sales order by id";
    private static final List<String> COLUMNS = List.of("id", "name", "amount", "ratio", "born", "seen_at",
            "paid_at", "active", "big");
    private static final String QUOTED = "He said \"hi\", then left\nnext line";
    private static final String TURKISH = "Ağrı Dağı: ğüşıöç ĞÜŞİÖÇ";

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private ReportExports exports;
    @Value("${spring.datasource.url}")
    private String hubUrl;

    private static boolean prepared;
    private TenantDatasources.Connectable source;
    private Path directory;

    private String url() {
        return hubUrl.substring(0, hubUrl.lastIndexOf('/') + 1) + DATABASE;
    }

    @BeforeEach
    void sampleDatabase() throws Exception {
        synchronized (ReportExportIT.class) {
            if (!prepared) {
                if (jdbc.queryForObject("select count(*) from pg_database where datname = ?", Integer.class,
                        DATABASE) == 0) {
                    jdbc.execute("create database " + DATABASE);
                }
                try (Connection owner = DriverManager.getConnection(url(), "postgres", "postgres");
                     Statement sql = owner.createStatement()) {
                    sql.execute("drop table if exists sales");
                    sql.execute("create table sales (id int primary key, name text, amount numeric(12,2), "
                            + "ratio double precision, born date, seen_at timestamp, paid_at timestamptz, "
                            + "active boolean, big bigint)");
                    sql.execute("insert into sales select g, 'row-' || lpad(g::text, 3, '0'), g * 1.25, g / 4.0, "
                            + "date '2024-01-01' + g, timestamp '2024-03-01 08:30:00' + g * interval '1 hour 1 second', "
                            + "timestamptz '2024-03-01 08:30:00+03' + g * interval '1 day', g % 2 = 0, g::bigint * 1000 "
                            + "from generate_series(1, 42) g");
                    sql.execute("insert into sales values (43, 'He said \"hi\", then left' || chr(10) || 'next line', "
                            + "-0.5, 1e-7, date '1899-12-31', null, null, false, 9007199254740993)");
                    sql.execute("insert into sales values (44, '" + TURKISH + "', 0, 0, null, null, null, null, null)");
                    sql.execute("insert into sales values (45, null, null, null, null, null, null, null, null)");
                }
                prepared = true;
            }
        }
        source = new TenantDatasources.Connectable("exports-it", "sales", url(), "postgres", "postgres", null,
                Instant.EPOCH);
        directory = Path.of("target", "embedded-it", "exports", UUID.randomUUID().toString()).toAbsolutePath();
    }

    /** The rows as JDBC reads them straight from the database: the reference every file is compared with. */
    private List<List<Object>> rows(String sql) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection owner = DriverManager.getConnection(url(), "postgres", "postgres");
             Statement statement = owner.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void csvIsRfc4180InUtf8WithEveryValueOfTheDatabase() throws Exception {
        Path target = directory.resolve("report.csv");
        ExportResult result = exports.export(source, ALL, List.of(), ExportFormat.CSV, target);

        List<List<Object>> expected = rows(ALL);
        assertThat(result.rows()).isEqualTo(45);
        assertThat(result.truncated()).isFalse();
        assertThat(result.bytes()).isEqualTo(Files.size(target));
        String raw = Files.readString(target, StandardCharsets.UTF_8);
        assertThat(raw).startsWith("id,name,amount,ratio,born,seen_at,paid_at,active,big\r\n")
                .contains("\"He said \"\"hi\"\", then left\nnext line\"").contains(TURKISH).endsWith("\r\n");
        try (Reader in = Files.newBufferedReader(target, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            assertThat(parser.getHeaderNames()).isEqualTo(COLUMNS);
            List<CSVRecord> records = parser.getRecords();
            assertThat(records).hasSize(expected.size());
            for (int r = 0; r < expected.size(); r++) {
                for (int c = 0; c < COLUMNS.size(); c++) {
                    assertSameValue(expected.get(r).get(c), records.get(r).get(c), "row " + r + " " + COLUMNS.get(c));
                }
            }
        }
        assertThat(Files.list(directory)).containsExactly(target);
    }

    private static void assertSameValue(Object expected, String text, String where) {
        if (expected == null) {
            assertThat(text).as(where).isEmpty();
        } else if (expected instanceof BigDecimal d) {
            assertThat(new BigDecimal(text)).as(where).isEqualByComparingTo(d);
        } else if (expected instanceof Double d) {
            assertThat(Double.parseDouble(text)).as(where).isEqualTo(d);
        } else if (expected instanceof java.sql.Date d) {
            assertThat(LocalDate.parse(text)).as(where).isEqualTo(d.toLocalDate());
        } else if (expected instanceof Timestamp t && where.endsWith("paid_at")) {
            assertThat(OffsetDateTime.parse(text.replace(' ', 'T')).toInstant()).as(where).isEqualTo(t.toInstant());
        } else if (expected instanceof Timestamp t) {
            assertThat(LocalDateTime.parse(text.replace(' ', 'T'))).as(where).isEqualTo(t.toLocalDateTime());
        } else {
            assertThat(text).as(where).isEqualTo(expected.toString()); // text, integers, booleans
        }
    }

    @Test
    void excelKeepsNumbersDatesAndBooleansTyped() throws Exception {
        Path target = directory.resolve("report.xlsx");
        ExportResult result = exports.export(source, ALL, List.of(), ExportFormat.EXCEL, target);

        List<List<Object>> expected = rows(ALL);
        assertThat(result.rows()).isEqualTo(45);
        try (XSSFWorkbook workbook = new XSSFWorkbook(target.toFile())) {
            Sheet sheet = workbook.getSheetAt(0);
            Row header = sheet.getRow(0);
            for (int c = 0; c < COLUMNS.size(); c++) {
                assertThat(header.getCell(c).getStringCellValue()).isEqualTo(COLUMNS.get(c));
            }
            assertThat(sheet.getLastRowNum()).isEqualTo(expected.size());
            for (int r = 0; r < expected.size(); r++) {
                Row row = sheet.getRow(r + 1);
                for (int c = 0; c < COLUMNS.size(); c++) {
                    assertSameCell(expected.get(r).get(c), row.getCell(c), "row " + r + " " + COLUMNS.get(c));
                }
            }
        }
        assertThat(Files.list(directory)).containsExactly(target);
    }

    private static void assertSameCell(Object expected, Cell cell, String where) {
        if (expected == null) {
            assertThat(cell == null || cell.getCellType() == CellType.BLANK).as(where).isTrue();
            return;
        }
        if (expected instanceof Long l && l > (1L << 53)) {
            assertThat(cell.getCellType()).as(where).isEqualTo(CellType.STRING); // a double would lose digits
            assertThat(cell.getStringCellValue()).as(where).isEqualTo(l.toString());
        } else if (expected instanceof Number n) {
            assertThat(cell.getCellType()).as(where).isEqualTo(CellType.NUMERIC);
            assertThat(DateUtil.isCellDateFormatted(cell)).as(where).isFalse();
            assertThat(cell.getNumericCellValue()).as(where).isEqualTo(n.doubleValue());
        } else if (expected instanceof Boolean b) {
            assertThat(cell.getCellType()).as(where).isEqualTo(CellType.BOOLEAN);
            assertThat(cell.getBooleanCellValue()).as(where).isEqualTo(b);
        } else if (expected instanceof java.sql.Date d && d.toLocalDate().getYear() < 1900) {
            assertThat(cell.getStringCellValue()).as(where).isEqualTo(d.toLocalDate().toString()); // before Excel's epoch
        } else if (expected instanceof java.sql.Date d) {
            assertThat(DateUtil.isCellDateFormatted(cell)).as(where).isTrue();
            assertThat(cell.getLocalDateTimeCellValue().toLocalDate()).as(where).isEqualTo(d.toLocalDate());
        } else if (expected instanceof Timestamp t) {
            assertThat(DateUtil.isCellDateFormatted(cell)).as(where).isTrue();
            LocalDateTime local = where.endsWith("paid_at")
                    ? t.toInstant().atZone(ZoneId.systemDefault()).toLocalDateTime() : t.toLocalDateTime();
            assertThat(cell.getLocalDateTimeCellValue()).as(where).isEqualTo(local);
        } else {
            assertThat(cell.getCellType()).as(where).isEqualTo(CellType.STRING);
            assertThat(cell.getStringCellValue()).as(where).isEqualTo(expected.toString());
        }
    }

    @Test
    void pdfIsAPaginatedTableWithItsHeaderOnEveryPageAndStatesItsRowCap() throws Exception {
        Path target = directory.resolve("report.pdf");
        String tall = "select id, name, repeat('lorem ipsum ', 12) as filler, amount, born, paid_at, active "
                + "from sales order by id desc";
        ExportResult result = exports.export(source, tall, List.of(), ExportFormat.PDF, target);

        assertThat(result.rows()).isEqualTo(45);
        assertThat(result.truncated()).isTrue();
        try (PDDocument pdf = Loader.loadPDF(target.toFile())) {
            assertThat(pdf.getNumberOfPages()).isGreaterThan(1);
            PDFTextStripper stripper = new PDFTextStripper();
            for (int page = 1; page <= pdf.getNumberOfPages(); page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                assertThat(stripper.getText(pdf)).as("page " + page).contains("filler").contains("paid_at");
            }
            stripper.setStartPage(1);
            stripper.setEndPage(pdf.getNumberOfPages());
            String text = stripper.getText(pdf);
            assertThat(text).contains("First 20 of 45 rows").contains("kavsak.reports.pdf-max-rows")
                    .contains(TURKISH).contains("He said \"hi\", then left").contains("row-026")
                    .doesNotContain("row-025").contains("1899-12-31");
        }
    }

    @Test
    void aPdfUnderTheCapSaysHowManyRowsItHas() throws Exception {
        Path target = directory.resolve("small.pdf");
        ExportResult result = exports.export(source, "select id, name from sales where id <= ?", List.of(3),
                ExportFormat.PDF, target);
        assertThat(result).isEqualTo(new ExportResult(3, Files.size(target), false));
        try (PDDocument pdf = Loader.loadPDF(target.toFile())) {
            assertThat(new PDFTextStripper().getText(pdf)).contains("3 rows").contains("row-003")
                    .doesNotContain("First");
        }
    }

    @Test
    void parametersAreBoundInOrderToThePlaceholders() throws Exception {
        Path target = directory.resolve("even.csv");
        ExportResult result = exports.export(source, "select id from sales where id <= ? and active = ? order by id",
                List.of(10, true), ExportFormat.CSV, target);
        assertThat(result.rows()).isEqualTo(5);
        assertThat(Files.readString(target)).isEqualTo("id\r\n2\r\n4\r\n6\r\n8\r\n10\r\n");
    }

    @Test
    void anEmptyResultStillGivesAFileWithItsHeader() throws Exception {
        for (ExportFormat format : ExportFormat.values()) {
            Path target = directory.resolve("empty." + format.extension());
            ExportResult result = exports.export(source, "select id, name from sales where id < 0", List.of(),
                    format, target);
            assertThat(result.rows()).isZero();
            assertThat(Files.size(target)).isPositive();
        }
        assertThat(Files.readString(directory.resolve("empty.csv"))).isEqualTo("id,name\r\n");
        try (PDDocument pdf = Loader.loadPDF(directory.resolve("empty.pdf").toFile())) {
            assertThat(new PDFTextStripper().getText(pdf)).contains("0 rows").contains("name");
        }
    }

    @Test
    void aFailedExportLeavesNoFileAndKeepsThePreviousOne() throws Exception {
        for (ExportFormat format : ExportFormat.values()) {
            Path fresh = directory.resolve("fresh." + format.extension());
            // the row limit (50) is hit after 50 rows were already written into the temporary file
            assertThatThrownBy(() -> exports.export(source, "select g, 'text ' || g from generate_series(1, 100) g",
                    List.of(), format, fresh)).isInstanceOf(ReportQueryFailedException.class)
                    .hasMessageContaining("more than 50 rows");
            assertThatThrownBy(() -> exports.export(source, "select * from no_such_table", List.of(), format, fresh))
                    .isInstanceOf(ReportQueryFailedException.class).hasMessageContaining("no_such_table");
            assertThatThrownBy(() -> exports.export(source, "delete from sales", List.of(), format, fresh))
                    .isInstanceOf(ReportQueryFailedException.class).hasMessageContaining("refused");
            assertThat(fresh).doesNotExist();
        }
        Path previous = directory.resolve("previous.csv");
        Files.writeString(previous, "the last good export");
        assertThatThrownBy(() -> exports.export(source, "select 1/0", List.of(), ExportFormat.CSV, previous))
                .isInstanceOf(ReportQueryFailedException.class).hasMessageContaining("division by zero");
        assertThat(Files.readString(previous)).isEqualTo("the last good export");
        try (Stream<Path> left = Files.list(directory)) {
            assertThat(left).containsExactly(previous); // no temporary file is left behind
        }
        assertThat(rows("select count(*) from sales").get(0).get(0)).isEqualTo(45L);
    }
}
