package io.sail4j.ports.out;

import io.sail4j.core.model.ModelId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@code PATCH /v1/loras/{name_or_id}}: the new full supported list, and/or description and display name. */
public record UpdateLora(Optional<List<ModelId>> supportedModels, Optional<String> description, Optional<String> displayName) {
    public UpdateLora {
        supportedModels = supportedModels.map(List::copyOf);
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(displayName, "displayName");
    }

    public static UpdateLora supportedModels(List<ModelId> models) {
        return new UpdateLora(Optional.of(models), Optional.empty(), Optional.empty());
    }
}
