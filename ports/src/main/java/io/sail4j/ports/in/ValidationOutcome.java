package io.sail4j.ports.in;

import io.sail4j.core.lora.Lora;
import io.sail4j.core.lora.ValidationRecord;
import io.sail4j.core.lora.ValidationStatus;
import io.sail4j.core.model.ModelId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The end of a validation wait: the LoRA as last fetched, the finished latest record of every awaited
 * model, which outcome matched, and how many checks it took. A failed validation is an outcome to
 * read, not an exception: {@link #failures()} holds the result codes and messages.
 */
public record ValidationOutcome(Lora lora, List<ValidationRecord> records, Matched matched, int attempts, Duration waited) {

    /** What the finished records add up to; the worst status wins. */
    public enum Matched {
        /** Every awaited model validated. */
        SUCCEEDED,
        /** Some awaited model could not be validated automatically, none failed; the LoRA stays usable. */
        UNVERIFIED,
        /** Some awaited model failed validation; the LoRA cannot serve that model. */
        FAILED;

        /** The outcome of finished records. */
        public static Matched of(List<ValidationRecord> records) {
            if (records.stream().anyMatch(r -> r.status() == ValidationStatus.FAILED)) {
                return FAILED;
            }
            if (records.stream().anyMatch(r -> r.status() == ValidationStatus.UNVERIFIED)) {
                return UNVERIFIED;
            }
            return SUCCEEDED;
        }
    }

    public ValidationOutcome {
        Objects.requireNonNull(lora, "lora");
        records = List.copyOf(records);
        Objects.requireNonNull(matched, "matched");
        Objects.requireNonNull(waited, "waited");
    }

    public boolean succeeded() {
        return matched == Matched.SUCCEEDED;
    }

    /** True unless some awaited model failed (unverified models stay usable, as Sail documents). */
    public boolean usable() {
        return matched != Matched.FAILED;
    }

    public List<ValidationRecord> failures() {
        return records.stream().filter(r -> r.status() == ValidationStatus.FAILED).toList();
    }

    public Optional<ValidationRecord> record(ModelId model) {
        return records.stream().filter(r -> r.model().equals(model)).findFirst();
    }
}
