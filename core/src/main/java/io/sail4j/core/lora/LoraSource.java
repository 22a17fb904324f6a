package io.sail4j.core.lora;

import io.sail4j.core.error.Violation;
import io.sail4j.core.error.Findings;
import io.sail4j.core.tinker.SignedCheckpointUrl;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a request's LoRA comes from: exactly one of a LoRA registered on Sail, or a Tinker checkpoint
 * (signed archive URL plus its PEFT config). "No LoRA" is {@code Optional.empty()}, so "both" cannot
 * be built; {@link #fromParts} says why when user input names both or half of one.
 */
public sealed interface LoraSource permits LoraSource.Registered, LoraSource.TinkerCheckpoint {

    /** A LoRA uploaded to Sail, named by name or UUID ({@code metadata.lora}). */
    record Registered(LoraRef ref) implements LoraSource {
        public Registered {
            Objects.requireNonNull(ref, "ref");
        }
    }

    /**
     * A Tinker checkpoint Sail downloads itself. Applied on the raw-token path only; a text request
     * carrying it is served by the base model.
     */
    record TinkerCheckpoint(SignedCheckpointUrl url, AdapterConfig adapterConfig, Optional<String> name)
            implements LoraSource {
        public TinkerCheckpoint {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(adapterConfig, "adapterConfig");
            Objects.requireNonNull(name, "name");
        }
    }

    static LoraSource registered(LoraRef ref) {
        return new Registered(ref);
    }

    static LoraSource tinker(SignedCheckpointUrl url, AdapterConfig config) {
        return new TinkerCheckpoint(url, config, Optional.empty());
    }

    /**
     * The documented combination rules over loose user input (any argument may be null): {@code lora}
     * and {@code tinker_lora_signed_url} are mutually exclusive, and {@code adapter_config} is required
     * with the URL. Returns the findings; call {@link #fromParts} for the value.
     */
    static Findings checkParts(String lora, SignedCheckpointUrl url, AdapterConfig config) {
        Findings.Collector found = new Findings.Collector();
        if (lora != null && url != null) {
            found.error(Violation.of("lora", "lora and tinker_lora_signed_url are mutually exclusive: pass one LoRA source"));
        }
        if (url != null && config == null) {
            found.error(Violation.of("adapter_config", "is required with tinker_lora_signed_url"));
        }
        if (url == null && config != null) {
            found.error(lora == null
                    ? Violation.of("tinker_lora_signed_url", "is required when adapter_config is given")
                    : Violation.of("adapter_config", "goes only with tinker_lora_signed_url: a registered lora carries its own config"));
        }
        return found.findings();
    }

    /** The source these parts describe, empty for none; throws listing every broken rule. */
    static Optional<LoraSource> fromParts(String lora, SignedCheckpointUrl url, AdapterConfig config, String name) {
        checkParts(lora, url, config).orThrow();
        if (lora != null) {
            return Optional.of(new Registered(LoraRef.parse("lora", lora)));
        }
        if (url != null) {
            return Optional.of(new TinkerCheckpoint(url, config, Optional.ofNullable(name)));
        }
        return Optional.empty();
    }
}
