package io.sparkmagnum.simulator;

/** Ends the handling of a request with a ready error response. Carries no stack trace. */
final class ApiError extends RuntimeException {
  private final transient SimResponse response;

  ApiError(SimResponse response) {
    super("HTTP " + response.status(), null, false, false);
    this.response = response;
  }

  SimResponse response() {
    return response;
  }
}
