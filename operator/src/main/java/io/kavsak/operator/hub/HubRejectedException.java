package io.kavsak.operator.hub;

/** The hub refused a request (4xx other than 404): retrying the same request will not help. */
public class HubRejectedException extends RuntimeException {

  private final int statusCode;
  private final String detail;

  /** @param detail what the hub said, the {@code detail} of its problem+json answer */
  public HubRejectedException(int statusCode, String detail, String message) {
    super(message);
    this.statusCode = statusCode;
    this.detail = detail;
  }

  public int statusCode() {
    return statusCode;
  }

  public String detail() {
    return detail;
  }
}
