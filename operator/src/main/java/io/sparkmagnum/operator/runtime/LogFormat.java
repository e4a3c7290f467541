package io.sparkmagnum.operator.runtime;

/** How log lines are written to standard output; chosen with LOG_FORMAT. */
public enum LogFormat {
  /** One human-readable line per event (the default). */
  TEXT,
  /** One JSON object per line, for log collectors. */
  JSON
}
