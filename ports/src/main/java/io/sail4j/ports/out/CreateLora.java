package io.sail4j.ports.out;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.FileId;
import io.sail4j.core.lora.LoraName;
import io.sail4j.core.model.ModelId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@code POST /v1/loras}. */
public record CreateLora(LoraName name, List<ModelId> supportedModels, FileId configFileId, FileId weightsFileId,
                         Optional<String> description, Optional<String> displayName, Optional<String> idempotencyKey) {
    public CreateLora {
        Objects.requireNonNull(name, "name");
        supportedModels = List.copyOf(supportedModels);
        if (supportedModels.isEmpty()) {
            throw new InvalidRequestException(Violation.of("supported_models", "must list at least one model"));
        }
        Objects.requireNonNull(configFileId, "configFileId");
        Objects.requireNonNull(weightsFileId, "weightsFileId");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    public static CreateLora of(LoraName name, List<ModelId> models, FileId config, FileId weights) {
        return new CreateLora(name, models, config, weights, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public CreateLora withIdempotencyKey(String key) {
        return new CreateLora(name, supportedModels, configFileId, weightsFileId, description, displayName, Optional.of(key));
    }

    public CreateLora withDescription(String text) {
        return new CreateLora(name, supportedModels, configFileId, weightsFileId, Optional.ofNullable(text), displayName, idempotencyKey);
    }

    public CreateLora withDisplayName(String text) {
        return new CreateLora(name, supportedModels, configFileId, weightsFileId, description, Optional.ofNullable(text), idempotencyKey);
    }
}
