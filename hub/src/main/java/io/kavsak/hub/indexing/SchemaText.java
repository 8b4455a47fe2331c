package io.kavsak.hub.indexing;

import java.util.List;
import java.util.StringJoiner;

/**
 * The one place the embedded text of every record is built (seed 002 §2.2 "schema description text").
 * A column flagged as personal data is described by its name and description only: no type, no
 * logical type, nothing that would describe its values.
 */
public final class SchemaText {

    private SchemaText() {
    }

    /** A column as the text builder sees it. */
    public record Column(String name, String dataType, String logicalType, String description, boolean pii) {
    }

    /**
     * Object: name, display name, description, then each exposed column with its type and logical type
     * (a column's description is in its own record only, so changing it re-embeds that column alone).
     */
    public static String object(String name, String displayName, String description, List<Column> columns) {
        StringBuilder text = new StringBuilder("Table ").append(name);
        append(text, " (", displayName, ")");
        append(text, ": ", description, "");
        if (!columns.isEmpty()) {
            StringJoiner list = new StringJoiner("; ", ". Columns: ", "");
            columns.forEach(c -> list.add(columnType(c)));
            text.append(list);
        }
        return text.toString();
    }

    /** Column: its object, name, type, logical type and description. */
    public static String column(String objectName, Column column) {
        return "Column " + objectName + "." + columnPart(column);
    }

    public static String businessRule(String name, String description) {
        return "Business rule " + name + ": " + description;
    }

    public static String goldenQa(String question, String sql) {
        return "Question: " + question + "\nSQL: " + sql;
    }

    public static String feedback(String feedbackType, String text) {
        return "Wrong result (" + feedbackType + ")" + (text == null || text.isBlank() ? "" : ": " + text);
    }

    private static String columnPart(Column c) {
        StringBuilder text = new StringBuilder(columnType(c));
        append(text, ": ", c.description(), "");
        return text.toString();
    }

    private static String columnType(Column c) {
        StringBuilder text = new StringBuilder(c.name());
        if (!c.pii()) {
            append(text, " ", c.dataType(), "");
            append(text, " [", c.logicalType(), "]");
        }
        return text.toString();
    }

    private static void append(StringBuilder text, String before, String value, String after) {
        if (value != null && !value.isBlank()) {
            text.append(before).append(value).append(after);
        }
    }
}
