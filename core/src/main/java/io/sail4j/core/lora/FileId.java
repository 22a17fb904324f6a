package io.sail4j.core.lora;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;

/** An uploaded file's id ({@code file-...}). */
public record FileId(String value) {
    public FileId {
        if (value == null || value.isBlank() || value.contains("/")) {
            throw new InvalidRequestException(Violation.of("file_id", "must be a non-empty file id without '/'", value));
        }
    }

    public static FileId of(String value) {
        return new FileId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
