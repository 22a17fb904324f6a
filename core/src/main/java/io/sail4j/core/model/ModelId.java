package io.sail4j.core.model;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;

/** A Sail model id, e.g. {@code moonshotai/Kimi-K2.6}. Kept exactly as given. */
public record ModelId(String value) {
    public ModelId {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(Violation.of("model", "must be a non-empty model id", value));
        }
    }

    public static ModelId of(String value) {
        return new ModelId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
