package io.kavsak.hub.parsing;

/** A CV that cannot be parsed for a reason the user should read: the job ends {@code failed} with it. */
public class CvRejectedException extends RuntimeException {

    public CvRejectedException(String message) {
        super(message);
    }
}
