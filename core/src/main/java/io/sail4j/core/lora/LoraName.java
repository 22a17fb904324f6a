package io.sail4j.core.lora;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import java.util.Optional;
import java.util.regex.Pattern;

/** A LoRA name: 2-64 characters of {@code [a-z0-9-]}, starting and ending alphanumeric. */
public record LoraName(String value) {
    public static final String RULE = "must be 2-64 characters of [a-z0-9-], starting and ending with a letter or digit";
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}[a-z0-9]");

    public LoraName {
        violation("name", value).ifPresent(v -> {
            throw new InvalidRequestException(v);
        });
    }

    public static LoraName of(String value) {
        return new LoraName(value);
    }

    /** The rule broken by {@code value}, reported under {@code field}, if any. */
    public static Optional<Violation> violation(String field, String value) {
        if (value == null || !VALID.matcher(value).matches()) {
            return Optional.of(Violation.of(field, RULE, value));
        }
        return Optional.empty();
    }

    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
