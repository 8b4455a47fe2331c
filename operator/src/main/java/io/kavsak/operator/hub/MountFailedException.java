package io.kavsak.operator.hub;

/** The hub Deployment could not be found or patched; transient, the SDK retries. */
public class MountFailedException extends RuntimeException {

  public MountFailedException(String message) {
    super(message);
  }

  public MountFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
