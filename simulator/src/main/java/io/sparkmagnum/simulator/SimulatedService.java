package io.sparkmagnum.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both simulated services do with every request: classify it, count it, apply injected
 * faults, answer it, then hold the answer back when a delay fault says so. The delay comes after
 * the work, like a server that did the job but answered too late for the client.
 */
abstract class SimulatedService implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedService.class);

  private final Service service;
  private final Counters counters;
  private final Faults faults;
  private volatile String baseUrl;

  SimulatedService(Service service, Counters counters, Faults faults) {
    this.service = service;
    this.counters = counters;
    this.faults = faults;
  }

  void baseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** http://127.0.0.1:PORT of this service, without a trailing slash. */
  String baseUrl() {
    return baseUrl;
  }

  /** The operation name of a request, one of {@link Operations}. */
  abstract String classify(SimRequest request);

  /** The answer to a request that no fault intercepted; may throw {@link ApiError}. */
  abstract SimResponse answer(SimRequest request, String operation);

  /** The answer to a request hit by an injected status fault. */
  abstract SimResponse injectedFailure(int status);

  /** A fault that intercepts every request of this service before any other one, if any. */
  Optional<SimResponse> outage() {
    return Optional.empty();
  }

  Faults faults() {
    return faults;
  }

  @Override
  public final void handle(HttpExchange exchange) {
    try (exchange) {
      SimRequest request = SimRequest.read(exchange, baseUrl);
      String operation = classify(request);
      counters.countCall(service, operation);
      Duration delay = faults.takeDelay(service, operation);
      SimResponse response =
          outage()
              .or(() -> faults.takeStatus(service, operation).map(this::injectedFailure))
              .orElseGet(() -> answerOrError(request, operation));
      if (!delay.isZero()) {
        Thread.sleep(delay.toMillis());
      }
      response.header("x-openstack-request-id", "req-" + UUID.randomUUID());
      response.write(exchange);
      LOG.debug("{} {} {} -> {}", service, request.method(), request.path(), response.status());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.debug("{}: client went away: {}", service, e.toString());
    }
  }

  private SimResponse answerOrError(SimRequest request, String operation) {
    try {
      return answer(request, operation);
    } catch (ApiError e) {
      return e.response();
    } catch (RuntimeException e) {
      LOG.error("{} failed on {} {}", service, request.method(), request.path(), e);
      return injectedFailure(500);
    }
  }
}
