package io.sail4j.core.lora;

import java.util.Locale;
import java.util.Optional;

/** Where a LoRA's validation for one model stands. Finished = succeeded, failed or unverified. */
public enum ValidationStatus {
    /** The validation task has been created. */
    PENDING,
    /** The validation request is in progress. */
    RUNNING,
    /** The LoRA loaded and completed a validation request for that model. */
    SUCCEEDED,
    /** Not usable for that model; the record's result code and message say why. */
    FAILED,
    /** Sail could not complete validation automatically; the LoRA stays usable. */
    UNVERIFIED;

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == UNVERIFIED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ValidationStatus> fromWire(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (ValidationStatus status : values()) {
            if (status.wireName().equals(text.toLowerCase(Locale.ROOT))) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
