package io.sail4j.core.lora;

import io.sail4j.core.model.ModelId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One validation of a LoRA for one model. {@code resultCode}/{@code resultMessage} explain a failure. */
public record ValidationRecord(String id, ModelId model, ValidationStatus status, Optional<String> resultCode,
                               Optional<String> resultMessage, Instant createdAt, Instant updatedAt) {
    public ValidationRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(resultCode, "resultCode");
        Objects.requireNonNull(resultMessage, "resultMessage");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public static ValidationRecord pending(String id, ModelId model, Instant now) {
        return new ValidationRecord(id, model, ValidationStatus.PENDING, Optional.empty(), Optional.empty(), now, now);
    }

    public ValidationRecord running(Instant now) {
        return new ValidationRecord(id, model, ValidationStatus.RUNNING, Optional.empty(), Optional.empty(), createdAt, now);
    }

    public ValidationRecord finished(ValidationStatus outcome, String code, String message, Instant now) {
        if (!outcome.isFinished()) {
            throw new IllegalArgumentException(outcome + " is not a finished status");
        }
        return new ValidationRecord(id, model, outcome, Optional.ofNullable(code), Optional.ofNullable(message), createdAt, now);
    }

    /** The most recent record for {@code model}: latest creation; on a tie, the later in the list. */
    public static Optional<ValidationRecord> latest(List<ValidationRecord> records, ModelId model) {
        ValidationRecord latest = null;
        for (ValidationRecord record : records) {
            if (record.model().equals(model) && (latest == null || !record.createdAt().isBefore(latest.createdAt()))) {
                latest = record;
            }
        }
        return Optional.ofNullable(latest);
    }

    public boolean isFinished() {
        return status.isFinished();
    }
}
