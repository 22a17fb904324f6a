package io.sail4j.core.lora;

import io.sail4j.core.model.ModelId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A LoRA registered on Sail, with its validation records. */
public record Lora(UUID id, LoraName name, Optional<String> displayName, Optional<String> description,
                   List<ModelId> supportedModels, FileId configFileId, FileId weightsFileId, Instant createdAt,
                   List<ValidationRecord> validations) {
    public Lora {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(description, "description");
        supportedModels = List.copyOf(supportedModels);
        Objects.requireNonNull(configFileId, "configFileId");
        Objects.requireNonNull(weightsFileId, "weightsFileId");
        Objects.requireNonNull(createdAt, "createdAt");
        validations = List.copyOf(validations);
    }

    /** The latest validation record for {@code model}. */
    public Optional<ValidationRecord> latestValidation(ModelId model) {
        return ValidationRecord.latest(validations, model);
    }

    public LoraRef ref() {
        return LoraRef.of(name);
    }
}
