package io.sparkmagnum.operator.runtime;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code LOG_FORMAT} to the logging configured by {@code logback.xml}: for JSON, the console
 * appender's encoder becomes logback's {@link JsonEncoder}, one object per line with level, thread,
 * logger, the MDC (the reconciled resource's namespace and name), the formatted message and any
 * throwable.
 */
public final class LogConfiguration {
  /** The appender of {@code logback.xml} whose format is switched. */
  static final String CONSOLE_APPENDER = "CONSOLE";

  private LogConfiguration() {}

  /** Applies the format to the process's logging, when that is logback. */
  public static void apply(LogFormat format) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      apply(context, format);
    }
  }

  static void apply(LoggerContext context, LogFormat format) {
    if (format != LogFormat.JSON) {
      return;
    }
    Appender<ILoggingEvent> appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(CONSOLE_APPENDER);
    if (!(appender instanceof OutputStreamAppender<ILoggingEvent> console)) {
      LoggerFactory.getLogger(LogConfiguration.class)
          .warn("LOG_FORMAT=json ignored: the logging configuration has no console appender named {}", CONSOLE_APPENDER);
      return;
    }
    JsonEncoder json = new JsonEncoder();
    json.setContext(context);
    json.setWithSequenceNumber(false);
    json.setWithNanoseconds(false);
    json.setWithContext(false);
    json.setWithArguments(false);
    json.setWithMessage(false);
    json.setWithFormattedMessage(true);
    json.start();
    console.stop();
    console.setEncoder(json);
    console.start();
  }
}
