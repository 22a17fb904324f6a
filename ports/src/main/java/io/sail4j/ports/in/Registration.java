package io.sail4j.ports.in;

import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.Lora;
import io.sail4j.ports.out.StoredFile;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered LoRA: the LoRA as created (or as adopted when an identical one already existed after an
 * ambiguous failure), its two uploaded files, the preflight report with any warnings, and the
 * validation outcome when the registration waited for it.
 */
public record Registration(Lora lora, StoredFile configFile, StoredFile weightsFile, PreflightReport preflight,
                           Optional<ValidationOutcome> validation) {
    public Registration {
        Objects.requireNonNull(lora, "lora");
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(weightsFile, "weightsFile");
        Objects.requireNonNull(preflight, "preflight");
        Objects.requireNonNull(validation, "validation");
    }

    /** Problems worth hearing about that did not stop the registration. */
    public List<Violation> warnings() {
        return preflight.warnings();
    }
}
