package io.sail4j.ports.in;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.model.ModelId;
import io.sail4j.core.error.Findings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the local check of an adapter found, before any upload: the files read (only the config and
 * the safetensors header: {@code bytesRead}), the findings for every target model, and all of them
 * together without repeats. Errors refuse the registration; warnings (such as a
 * {@code base_model_name_or_path} that names no target model) are reported and do not.
 */
public record PreflightReport(Path configFile, Path weightsFile, long configBytes, long weightsBytes, long bytesRead,
                              Map<ModelId, Findings> byModel, List<Violation> errors, List<Violation> warnings) {
    public PreflightReport {
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(weightsFile, "weightsFile");
        byModel = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byModel));
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    /** Total bytes an upload would send. */
    public long uploadBytes() {
        return Math.max(0, configBytes) + Math.max(0, weightsBytes);
    }

    /** Throws {@link InvalidRequestException} listing every error; returns this when there is none. */
    public PreflightReport orThrow() {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return this;
    }
}
