package io.kavsak.operator.hub;

/** The hub refused a request (4xx other than 404): retrying the same request will not help. */
public class HubRejectedException extends RuntimeException {

  private final int statusCode;

  public HubRejectedException(int statusCode, String message) {
    super(message);
    this.statusCode = statusCode;
  }

  public int statusCode() {
    return statusCode;
  }
}
