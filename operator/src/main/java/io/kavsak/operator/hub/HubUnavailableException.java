package io.kavsak.operator.hub;

/** The hub could not be reached or answered 5xx: transient, so the SDK retries with backoff. */
public class HubUnavailableException extends RuntimeException {

  public HubUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public HubUnavailableException(String message) {
    super(message);
  }
}
