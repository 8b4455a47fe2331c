package io.kavsak.hub.reports;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.HexFormat;

/**
 * The text of a JDBC value in CSV and PDF exports: ISO 8601 dates and times (with a space between date and time),
 * plain decimal numbers, {@code true}/{@code false}, {@code \x}-hex for bytes; a time stamp with time zone is shown
 * in the hub's time zone with its offset.
 */
final class CellText {

    static final DateTimeFormatter LOCAL_DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral(' ').append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter();
    static final DateTimeFormatter OFFSET_DATE_TIME = new DateTimeFormatterBuilder()
            .append(LOCAL_DATE_TIME).appendOffsetId().toFormatter();

    private CellText() {
    }

    /** Whether a column holds instants (PostgreSQL's {@code timestamptz}) rather than wall-clock times. */
    static boolean withTimeZone(ReportQueries.Column column) {
        return column.jdbcType() == java.sql.Types.TIMESTAMP_WITH_TIMEZONE
                || "timestamptz".equalsIgnoreCase(column.typeName());
    }

    /** The value as a local date-time in the hub's zone, or null when it is not a time stamp. */
    static LocalDateTime localDateTime(Object value, ReportQueries.Column column) {
        ZoneId zone = ZoneId.systemDefault();
        if (value instanceof Timestamp t) {
            return withTimeZone(column) ? t.toInstant().atZone(zone).toLocalDateTime() : t.toLocalDateTime();
        } else if (value instanceof LocalDateTime t) {
            return t;
        } else if (value instanceof OffsetDateTime t) {
            return t.atZoneSameInstant(zone).toLocalDateTime();
        } else if (value instanceof ZonedDateTime t) {
            return t.withZoneSameInstant(zone).toLocalDateTime();
        } else if (value instanceof Instant t) {
            return t.atZone(zone).toLocalDateTime();
        }
        return null;
    }

    /** The text of a value; null for SQL NULL. */
    static String of(Object value, ReportQueries.Column column) {
        ZoneId zone = ZoneId.systemDefault();
        if (value == null) {
            return null;
        } else if (value instanceof String s) {
            return s;
        } else if (value instanceof Timestamp t) {
            return withTimeZone(column) ? OFFSET_DATE_TIME.format(t.toInstant().atZone(zone))
                    : LOCAL_DATE_TIME.format(t.toLocalDateTime());
        } else if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        } else if (value instanceof java.sql.Time t) {
            return DateTimeFormatter.ISO_LOCAL_TIME.format(t.toLocalTime());
        } else if (value instanceof LocalTime t) {
            return DateTimeFormatter.ISO_LOCAL_TIME.format(t);
        } else if (value instanceof LocalDateTime t) {
            return LOCAL_DATE_TIME.format(t);
        } else if (value instanceof OffsetDateTime t) {
            return OFFSET_DATE_TIME.format(t.atZoneSameInstant(zone));
        } else if (value instanceof ZonedDateTime t) {
            return OFFSET_DATE_TIME.format(t.withZoneSameInstant(zone));
        } else if (value instanceof Instant t) {
            return OFFSET_DATE_TIME.format(t.atZone(zone));
        } else if (value instanceof BigDecimal d) {
            return d.toPlainString();
        } else if (value instanceof Double d && Double.isFinite(d)) {
            return new BigDecimal(d.toString()).toPlainString();
        } else if (value instanceof Float f && Float.isFinite(f)) {
            return new BigDecimal(f.toString()).toPlainString();
        } else if (value instanceof byte[] bytes) {
            return "\\x" + HexFormat.of().formatHex(bytes);
        }
        return value.toString(); // LocalDate, Boolean, integers, UUID, arrays ({1,2}), json, interval
    }
}
