package io.kavsak.hub.parsing.redaction;

import java.util.List;

/**
 * One kind of personal datum found in text, in the manner of Presidio's recognizers: a pattern,
 * then a validator (check digits, a phone-number library) or context words that confirm it.
 */
public interface PiiRecognizer {

    /** Adds what it finds in {@code text} to {@code found}; spans already there may be read as context. */
    void find(String text, List<PiiSpan> found);
}
