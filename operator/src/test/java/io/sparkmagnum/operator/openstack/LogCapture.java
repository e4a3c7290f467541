package io.sparkmagnum.operator.openstack;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects every log event of the JVM while attached, to check that no secret is ever logged. */
final class LogCapture implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  LogCapture() {
    appender.start();
    root.addAppender(appender);
  }

  /** Every message, with the messages of attached exceptions and their causes. */
  List<String> texts() {
    List<String> texts = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(appender.list)) {
      texts.add(event.getFormattedMessage());
      for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
        texts.add(thrown.getMessage());
      }
    }
    return texts;
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
