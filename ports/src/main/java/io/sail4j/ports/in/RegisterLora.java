package io.sail4j.ports.in;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.LoraName;
import io.sail4j.core.model.ModelId;
import io.sail4j.ports.out.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Register a local PEFT adapter as a LoRA: from its directory ({@code adapter_config.json} and
 * {@code adapter_model.safetensors}) or from the two files, under {@code name}, for {@code models}.
 * {@code progress} hears the combined bytes of both uploads; {@code awaitValidation} makes the
 * registration also wait for validation to finish.
 */
public record RegisterLora(Optional<Path> adapterDirectory, Optional<Path> configFile, Optional<Path> weightsFile,
                           LoraName name, List<ModelId> models, Optional<String> description,
                           Optional<String> displayName, ProgressListener progress,
                           Optional<ValidationWait> awaitValidation) {
    public RegisterLora {
        Objects.requireNonNull(adapterDirectory, "adapterDirectory");
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(weightsFile, "weightsFile");
        Objects.requireNonNull(name, "name");
        models = List.copyOf(models);
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(awaitValidation, "awaitValidation");
    }

    /** Starts a registration of the adapter in {@code directory}. */
    public static Builder fromDirectory(Path directory) {
        return new Builder().directory(directory);
    }

    /** Starts a registration of these two files. */
    public static Builder fromFiles(Path configFile, Path weightsFile) {
        return new Builder().files(configFile, weightsFile);
    }

    public static final class Builder {
        private Path directory;
        private Path config;
        private Path weights;
        private String name;
        private final List<String> models = new ArrayList<>();
        private String description;
        private String displayName;
        private ProgressListener progress = ProgressListener.NONE;
        private ValidationWait wait;

        private Builder() {
        }

        Builder directory(Path value) {
            this.directory = value;
            return this;
        }

        Builder files(Path configFile, Path weightsFile) {
            this.config = configFile;
            this.weights = weightsFile;
            return this;
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        /** Adds target models (Sail's {@code supported_models}). */
        public Builder models(ModelId... values) {
            for (ModelId value : values) {
                models.add(value.value());
            }
            return this;
        }

        public Builder models(List<ModelId> values) {
            values.forEach(v -> models.add(v.value()));
            return this;
        }

        public Builder model(String value) {
            models.add(value);
            return this;
        }

        public Builder description(String value) {
            this.description = value;
            return this;
        }

        public Builder displayName(String value) {
            this.displayName = value;
            return this;
        }

        public Builder progress(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener, "progress");
            return this;
        }

        /** Also wait for every model's validation, as {@code wait} says. */
        public Builder awaitValidation(ValidationWait value) {
            this.wait = Objects.requireNonNull(value, "wait");
            return this;
        }

        /** Also wait for every model's validation, with the default deadline and backoff. */
        public Builder awaitValidation() {
            return awaitValidation(ValidationWait.defaults());
        }

        /** The registration; refuses with every broken rule of the name and models. */
        public RegisterLora build() {
            List<Violation> violations = new ArrayList<>();
            if (directory == null && (config == null || weights == null)) {
                violations.add(Violation.of("adapter", "must be a directory or both adapter_config.json and adapter_model.safetensors"));
            }
            LoraName.violation("name", name).ifPresent(violations::add);
            if (models.isEmpty()) {
                violations.add(Violation.of("supported_models", "must list at least one model"));
            }
            List<ModelId> ids = new ArrayList<>();
            for (int i = 0; i < models.size(); i++) {
                String model = models.get(i);
                if (model == null || model.isBlank()) {
                    violations.add(Violation.of("supported_models[" + i + "]", "must be a non-empty model id", model));
                } else {
                    ids.add(ModelId.of(model));
                }
            }
            if (new LinkedHashSet<>(ids).size() != ids.size()) {
                violations.add(Violation.of("supported_models", "must not list a model twice", models));
            }
            if (!violations.isEmpty()) {
                throw new InvalidRequestException(violations);
            }
            return new RegisterLora(Optional.ofNullable(directory), Optional.ofNullable(config), Optional.ofNullable(weights),
                    LoraName.of(name), ids, Optional.ofNullable(description), Optional.ofNullable(displayName), progress,
                    Optional.ofNullable(wait));
        }
    }
}
