package io.sail4j.core.error;

import java.util.Objects;

/**
 * One broken rule: which field, which rule (in words a user can act on), and the offending value
 * (already shortened and free of secrets; {@code null} when there is no single value to show).
 */
public record Violation(String field, String rule, String value) {
    private static final int MAX_VALUE_CHARS = 120;

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(rule, "rule");
        value = value == null ? null : shorten(value);
    }

    public static Violation of(String field, String rule) {
        return new Violation(field, rule, null);
    }

    public static Violation of(String field, String rule, Object value) {
        return new Violation(field, rule, value == null ? "null" : String.valueOf(value));
    }

    private static String shorten(String value) {
        return value.length() <= MAX_VALUE_CHARS ? value : value.substring(0, MAX_VALUE_CHARS) + "...";
    }

    /** {@code field: rule (got value)}. */
    @Override
    public String toString() {
        return value == null ? field + ": " + rule : field + ": " + rule + " (got " + value + ")";
    }
}
