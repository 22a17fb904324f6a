package io.sail4j.core.rules;

import io.sail4j.core.lora.Lora;
import io.sail4j.core.lora.ValidationRecord;
import io.sail4j.core.lora.ValidationStatus;
import io.sail4j.core.model.ModelId;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The validation gate and PATCH semantics. A LoRA is usable for model M when M is in its
 * {@code supported_models} and the latest validation for M has not failed (pending, running and
 * unverified stay usable).
 */
public final class ValidationRules {
    private ValidationRules() {
    }

    /** Whether a LoRA can serve a model now, and if not, why. */
    public record Usability(boolean usable, String reason, Optional<ValidationRecord> latest) {
        public static Usability yes(Optional<ValidationRecord> latest) {
            String status = latest.map(r -> "latest validation " + r.status().wireName()).orElse("no validation yet");
            return new Usability(true, status, latest);
        }
    }

    public static Usability usability(Collection<ModelId> supportedModels, List<ValidationRecord> records, ModelId model) {
        if (!supportedModels.contains(model)) {
            return new Usability(false, notSupportedMessage(model, supportedModels), Optional.empty());
        }
        Optional<ValidationRecord> latest = ValidationRecord.latest(records, model);
        if (latest.isPresent() && latest.get().status() == ValidationStatus.FAILED) {
            return new Usability(false, failedMessage(latest.get()), latest);
        }
        return Usability.yes(latest);
    }

    /** Whether {@code lora} can serve {@code model} now, and if not, why. */
    public static Usability usability(Lora lora, ModelId model) {
        return usability(lora.supportedModels(), lora.validations(), model);
    }

    public static String notSupportedMessage(ModelId model, Collection<ModelId> supportedModels) {
        return "model " + model + " is not in the lora's supported_models " + supportedModels;
    }

    public static String failedMessage(ValidationRecord record) {
        return "lora validation failed for model " + record.model()
                + record.resultCode().map(c -> " [" + c + "]").orElse("")
                + record.resultMessage().map(m -> ": " + m).orElse("");
    }

    /**
     * PATCH: the models that get a new pending record when the supported list changes from
     * {@code before} to {@code after}: newly listed models without a succeeded validation.
     */
    public static List<ModelId> modelsToValidate(Collection<ModelId> before, List<ValidationRecord> records,
                                                 Collection<ModelId> after) {
        Set<ModelId> added = new LinkedHashSet<>(after);
        added.removeAll(before);
        added.removeIf(model -> records.stream().anyMatch(r -> r.model().equals(model) && r.status() == ValidationStatus.SUCCEEDED));
        return List.copyOf(added);
    }
}
