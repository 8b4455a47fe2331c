package io.kavsak.hub.parsing;

/**
 * The pool of text-extraction child JVMs cannot work (a child that does not start, a pool still busy after
 * the longest wait): an outage of the hub, not a fault of the document, so the job is retried.
 */
public class TextExtractorUnavailableException extends RuntimeException {

    public TextExtractorUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
