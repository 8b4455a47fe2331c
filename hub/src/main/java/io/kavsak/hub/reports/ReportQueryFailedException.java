package io.kavsak.hub.reports;

/** A report query that passed the checks but failed on the datasource: timeout, row limit, SQL error, no login. */
public class ReportQueryFailedException extends RuntimeException {

    public ReportQueryFailedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
