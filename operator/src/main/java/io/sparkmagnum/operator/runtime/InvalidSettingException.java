package io.sparkmagnum.operator.runtime;

/**
 * A setting from the environment has a value the operator cannot use. The message is one line that
 * names the variable, the value and the accepted form, fit to print as it is.
 */
public final class InvalidSettingException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_VALUE_SHOWN = 100;

  InvalidSettingException(String variable, String value, String acceptedForm) {
    super(variable + "=\"" + printable(value) + "\" is invalid: expected " + acceptedForm, null, false, false);
  }

  // keeps the message on one line whatever the variable holds
  private static String printable(String value) {
    StringBuilder shown = new StringBuilder();
    value.codePoints()
        .limit(MAX_VALUE_SHOWN)
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                shown.append(String.format("\\u%04x", c));
              } else if (c == '"' || c == '\\') {
                shown.append('\\').appendCodePoint(c);
              } else {
                shown.appendCodePoint(c);
              }
            });
    if (value.codePointCount(0, value.length()) > MAX_VALUE_SHOWN) {
      shown.append("...");
    }
    return shown.toString();
  }
}
