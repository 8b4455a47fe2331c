package io.kavsak.hub.parsing.redaction;

/** A stretch of text {@code [start, end)} that identifies a person, what kind of datum it is and who found it. */
public record PiiSpan(int start, int end, Kind kind, String recognizer) {

    /** The categories the redaction corpus measures recall by. */
    public enum Kind { NAME, CONTACT, ID, ADDRESS, BIRTH_DATE, PERSONAL_DETAIL }

    public PiiSpan {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span " + start + ".." + end);
        }
    }
}
