package io.sail4j.ports.in;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.AdapterConfig;
import io.sail4j.core.lora.LoraRef;
import io.sail4j.core.lora.LoraSource;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.core.model.ModelId;
import io.sail4j.core.rules.RequestRules;
import io.sail4j.core.sampling.SamplingParams;
import io.sail4j.core.tinker.SignedCheckpointUrl;
import io.sail4j.core.tinker.TinkerPath;
import io.sail4j.ports.local.PeftJson;
import io.sail4j.ports.out.CheckpointUrlSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A token completer's settings, mirroring {@code sail.SailTokenCompleter}'s parameters and defaults:
 * {@code model} and {@code maxTokens} required, temperature 1.0, top_p 1.0, completion window
 * {@code priority}, logprobs requested. At most one LoRA source: a registered LoRA ({@link Builder#lora}),
 * a Tinker signed URL with its adapter config ({@link Builder#tinkerLoraSignedUrl}), a Tinker checkpoint
 * path resolved to fresh signed URLs by a {@link CheckpointUrlSource} ({@link Builder#tinkerCheckpoint}),
 * or a locator resolved by a {@code LoraSourceProvider} ({@link Builder#loraLocator}).
 *
 * <p>{@link Builder#build()} refuses, listing every violation, what the options alone can tell is
 * wrong: missing or out-of-range values, two sources, a signed URL without adapter config, {@code asap}
 * with a LoRA, metadata keys the completer sets itself. The model catalog rules are checked when the
 * completer is made ({@link TokenCompleters#create}).
 */
public final class TokenCompleterOptions {
    /** Metadata keys the completer owns; setting them through {@code metadata} is refused. */
    public static final Set<String> RESERVED_METADATA = Set.of("lora", "completion_window", "tinker_lora_signed_url",
            "tinker_lora_adapter_config", "tinker_lora_name");
    /** Re-resolve a checkpoint URL this long before it expires (at most half its lifetime). */
    public static final Duration DEFAULT_REFRESH_MARGIN = Duration.ofMinutes(2);

    /** Which kind of LoRA source the options name. */
    public enum SourceKind { NONE, REGISTERED, SIGNED_URL, CHECKPOINT, LOCATOR }

    private final ModelId model;
    private final SamplingParams sampling;
    private final CompletionWindow window;
    private final Optional<LoraRef> lora;
    private final Optional<SignedCheckpointUrl> signedUrl;
    private final Optional<TinkerPath> checkpoint;
    private final Optional<CheckpointUrlSource> checkpointUrlSource;
    private final Optional<Duration> checkpointTtl;
    private final Optional<String> loraLocator;
    private final Optional<AdapterConfig> adapterConfig;
    private final Optional<String> tinkerLoraName;
    private final Map<String, String> metadata;
    private final Optional<Duration> timeout;
    private final int maxInFlight;
    private final Duration refreshMargin;

    private TokenCompleterOptions(Builder b, ModelId model, SamplingParams sampling, Optional<LoraRef> lora,
                                  Optional<AdapterConfig> config) {
        this.model = model;
        this.sampling = sampling;
        this.window = b.window;
        this.lora = lora;
        this.signedUrl = Optional.ofNullable(b.signedUrl);
        this.checkpoint = Optional.ofNullable(b.checkpoint);
        this.checkpointUrlSource = Optional.ofNullable(b.checkpointUrlSource);
        this.checkpointTtl = Optional.ofNullable(b.checkpointTtl);
        this.loraLocator = Optional.ofNullable(b.loraLocator);
        this.adapterConfig = config;
        this.tinkerLoraName = Optional.ofNullable(b.tinkerLoraName);
        this.metadata = Map.copyOf(b.metadata);
        this.timeout = Optional.ofNullable(b.timeout);
        this.maxInFlight = b.maxInFlight;
        this.refreshMargin = b.refreshMargin;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with {@code model} and {@code maxTokens} set. */
    public static Builder builder(String model, int maxTokens) {
        return new Builder().model(model).maxTokens(maxTokens);
    }

    public ModelId model() {
        return model;
    }

    /** max tokens, temperature, top_p and whether logprobs are requested. */
    public SamplingParams sampling() {
        return sampling;
    }

    public int maxTokens() {
        return sampling.maxTokens();
    }

    public CompletionWindow completionWindow() {
        return window;
    }

    public Optional<LoraRef> lora() {
        return lora;
    }

    public Optional<SignedCheckpointUrl> tinkerLoraSignedUrl() {
        return signedUrl;
    }

    public Optional<TinkerPath> tinkerCheckpoint() {
        return checkpoint;
    }

    public Optional<CheckpointUrlSource> checkpointUrlSource() {
        return checkpointUrlSource;
    }

    public Optional<Duration> checkpointTtl() {
        return checkpointTtl;
    }

    public Optional<String> loraLocator() {
        return loraLocator;
    }

    public Optional<AdapterConfig> adapterConfig() {
        return adapterConfig;
    }

    public Optional<String> tinkerLoraName() {
        return tinkerLoraName;
    }

    /** Extra metadata merged into every request. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The whole-call timeout of each request (create and wait), when set. */
    public Optional<Duration> timeout() {
        return timeout;
    }

    /** The cap on calls in flight; 0 means no cap. */
    public int maxInFlight() {
        return maxInFlight;
    }

    public Duration refreshMargin() {
        return refreshMargin;
    }

    public SourceKind sourceKind() {
        if (lora.isPresent()) {
            return SourceKind.REGISTERED;
        }
        if (signedUrl.isPresent()) {
            return SourceKind.SIGNED_URL;
        }
        if (checkpoint.isPresent()) {
            return SourceKind.CHECKPOINT;
        }
        return loraLocator.isPresent() ? SourceKind.LOCATOR : SourceKind.NONE;
    }

    public boolean usesLora() {
        return sourceKind() != SourceKind.NONE;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("TokenCompleterOptions[model=").append(model)
                .append(", max_tokens=").append(sampling.maxTokens())
                .append(", temperature=").append(sampling.temperature())
                .append(", top_p=").append(sampling.topP())
                .append(", completion_window=").append(window)
                .append(", request_logprobs=").append(sampling.logprobs());
        lora.ifPresent(l -> text.append(", lora=").append(l));
        signedUrl.ifPresent(u -> text.append(", tinker_lora_signed_url=").append(u.redacted()));
        checkpoint.ifPresent(c -> text.append(", tinker_checkpoint=").append(c));
        loraLocator.ifPresent(l -> text.append(", lora_locator=").append(l));
        tinkerLoraName.ifPresent(n -> text.append(", tinker_lora_name=").append(n));
        timeout.ifPresent(t -> text.append(", timeout=").append(t));
        if (maxInFlight > 0) {
            text.append(", max_in_flight=").append(maxInFlight);
        }
        if (!metadata.isEmpty()) {
            text.append(", metadata keys=").append(new java.util.TreeSet<>(metadata.keySet()));
        }
        return text.append(']').toString();
    }

    public static final class Builder {
        private String model;
        private Integer maxTokens;
        private double temperature = SamplingParams.DEFAULT_TEMPERATURE;
        private double topP = SamplingParams.DEFAULT_TOP_P;
        private boolean requestLogprobs = true;
        private CompletionWindow window = CompletionWindow.PRIORITY;
        private String lora;
        private SignedCheckpointUrl signedUrl;
        private TinkerPath checkpoint;
        private CheckpointUrlSource checkpointUrlSource;
        private Duration checkpointTtl;
        private String loraLocator;
        private Object adapterConfig;
        private String tinkerLoraName;
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private Duration timeout;
        private int maxInFlight;
        private Duration refreshMargin = DEFAULT_REFRESH_MARGIN;

        private Builder() {
        }

        /** Sail model id (required). Must support LoRA serving when a LoRA source is set. */
        public Builder model(String value) {
            this.model = value;
            return this;
        }

        public Builder model(ModelId value) {
            this.model = value.value();
            return this;
        }

        /** Maximum sampled tokens per call (required, > 0). */
        public Builder maxTokens(int value) {
            this.maxTokens = value;
            return this;
        }

        /** Sampling temperature, 0..2 (default 1.0). */
        public Builder temperature(double value) {
            this.temperature = value;
            return this;
        }

        /** Nucleus sampling threshold, 0..1 (default 1.0). */
        public Builder topP(double value) {
            this.topP = value;
            return this;
        }

        /** Completion window of each request (default {@code priority}); LoRA requests cannot use {@code asap}. */
        public Builder completionWindow(CompletionWindow value) {
            this.window = Objects.requireNonNull(value, "completionWindow");
            return this;
        }

        public Builder completionWindow(String value) {
            return completionWindow(CompletionWindow.of(value));
        }

        /** Name or UUID of a LoRA registered on Sail. */
        public Builder lora(String nameOrId) {
            this.lora = nameOrId;
            return this;
        }

        public Builder lora(LoraRef ref) {
            this.lora = ref.value();
            return this;
        }

        /** A signed Tinker checkpoint archive URL; needs {@link #adapterConfig}. Not refreshed: see {@link #tinkerCheckpoint}. */
        public Builder tinkerLoraSignedUrl(SignedCheckpointUrl url) {
            this.signedUrl = url;
            return this;
        }

        /** A signed URL whose expiry is not known. */
        public Builder tinkerLoraSignedUrl(String url) {
            this.signedUrl = SignedCheckpointUrl.of(url, Instant.MAX);
            return this;
        }

        /**
         * A Tinker checkpoint ({@code tinker://run/sampler_weights/name}) resolved to signed URLs by a
         * {@link CheckpointUrlSource} (this builder's, else the one configured on Sail): re-resolved before
         * the URL expires, and once more when Sail reports the checkpoint unavailable. Needs {@link #adapterConfig}.
         */
        public Builder tinkerCheckpoint(TinkerPath path) {
            this.checkpoint = path;
            return this;
        }

        public Builder tinkerCheckpoint(String path) {
            return tinkerCheckpoint(TinkerPath.parse(path));
        }

        public Builder checkpointUrlSource(CheckpointUrlSource source) {
            this.checkpointUrlSource = source;
            return this;
        }

        /** Sets (extends) the checkpoint's TTL on Tinker whenever a URL is resolved. */
        public Builder checkpointTtl(Duration ttl) {
            this.checkpointTtl = ttl;
            return this;
        }

        /** A locator (e.g. a scheme of your own) resolved by the first {@code LoraSourceProvider} that handles it. */
        public Builder loraLocator(String locator) {
            this.loraLocator = locator;
            return this;
        }

        /** The PEFT adapter_config.json of the Tinker checkpoint. */
        public Builder adapterConfig(AdapterConfig config) {
            this.adapterConfig = config;
            return this;
        }

        /** The adapter config as a JSON string (the contents of adapter_config.json). */
        public Builder adapterConfig(String json) {
            this.adapterConfig = json;
            return this;
        }

        public Builder adapterConfig(Map<String, ?> json) {
            this.adapterConfig = json == null ? null : AdapterConfig.of(json);
            return this;
        }

        /** Optional label for the Tinker checkpoint. */
        public Builder tinkerLoraName(String value) {
            this.tinkerLoraName = value;
            return this;
        }

        /** Extra metadata merged into every request. */
        public Builder metadata(Map<String, String> values) {
            metadata.putAll(values);
            return this;
        }

        public Builder metadata(String key, String value) {
            metadata.put(key, value);
            return this;
        }

        /** The whole-call timeout of each request. */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /** Request per-token logprobs (default true). */
        public Builder requestLogprobs(boolean value) {
            this.requestLogprobs = value;
            return this;
        }

        /** At most this many calls in flight; the rest queue without holding a thread. 0 (default): no cap. */
        public Builder maxInFlight(int value) {
            this.maxInFlight = value;
            return this;
        }

        /** How long before expiry a checkpoint URL is re-resolved (default 2 minutes). */
        public Builder refreshMargin(Duration value) {
            this.refreshMargin = value;
            return this;
        }

        /** The options; refuses with every violation the options alone show. */
        public TokenCompleterOptions build() {
            List<Violation> violations = new ArrayList<>();
            ModelId modelId = null;
            if (model == null || model.isBlank()) {
                violations.add(Violation.of("model", "is required", model));
            } else {
                modelId = ModelId.of(model);
            }
            if (maxTokens == null) {
                violations.add(Violation.of("max_tokens", "is required"));
            }
            violations.addAll(SamplingParams.check(maxTokens == null ? 1 : maxTokens, temperature, topP).errors());
            Optional<LoraRef> ref = Optional.empty();
            if (lora != null) {
                try {
                    ref = Optional.of(LoraRef.parse("lora", lora));
                } catch (InvalidRequestException e) {
                    violations.addAll(e.violations());
                }
            }
            Optional<AdapterConfig> config = Optional.empty();
            if (adapterConfig instanceof AdapterConfig c) {
                config = Optional.of(c);
            } else if (adapterConfig instanceof String json) {
                try {
                    config = Optional.of(PeftJson.parseConfig("adapter_config", json));
                } catch (InvalidRequestException e) {
                    violations.addAll(e.violations());
                }
            }
            boolean configGiven = adapterConfig != null;
            violations.addAll(checkSources(configGiven));
            if (modelId != null) {
                boolean usesLora = lora != null || signedUrl != null || checkpoint != null || loraLocator != null;
                // Windows unknown here: only the rules that need no catalog apply (asap with a LoRA).
                violations.addAll(RequestRules.checkWindow(BaseModel.known(modelId), window, usesLora, true).errors());
            }
            metadata.forEach((key, value) -> {
                if (RESERVED_METADATA.contains(key)) {
                    violations.add(Violation.of("metadata." + key, "is set by the completer from its options; use the "
                            + (key.startsWith("tinker") ? "Tinker checkpoint" : key) + " option instead"));
                } else if (value == null) {
                    violations.add(Violation.of("metadata." + key, "must be a string", null));
                }
            });
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                violations.add(Violation.of("timeout", "must be positive", timeout));
            }
            if (maxInFlight < 0) {
                violations.add(Violation.of("max_in_flight", "must be 0 (no cap) or positive", maxInFlight));
            }
            if (refreshMargin == null || refreshMargin.isNegative()) {
                violations.add(Violation.of("refresh_margin", "must not be negative", refreshMargin));
            }
            if (!violations.isEmpty()) {
                throw new InvalidRequestException(violations);
            }
            return new TokenCompleterOptions(this, modelId,
                    new SamplingParams(maxTokens, temperature, topP, requestLogprobs), ref, config);
        }

        private List<Violation> checkSources(boolean configGiven) {
            List<Violation> violations = new ArrayList<>();
            List<String> sources = new ArrayList<>();
            if (lora != null) {
                sources.add("lora");
            }
            if (signedUrl != null) {
                sources.add("tinker_lora_signed_url");
            }
            if (checkpoint != null) {
                sources.add("tinker_checkpoint");
            }
            if (loraLocator != null) {
                sources.add("lora_locator");
            }
            if (checkpoint == null && loraLocator == null) {
                // Python's parameters: the documented combination rules and messages.
                violations.addAll(LoraSource.checkParts(lora, signedUrl, configGiven ? AdapterConfig.of(Map.of()) : null).errors());
            } else if (sources.size() > 1) {
                violations.add(Violation.of("lora", "pass one LoRA source: " + String.join(", ", sources) + " are mutually exclusive"));
            }
            if (checkpoint != null && !configGiven) {
                violations.add(Violation.of("adapter_config", "is required with tinker_checkpoint"));
            }
            if (configGiven && signedUrl == null && checkpoint == null && loraLocator != null) {
                violations.add(Violation.of("adapter_config", "applies only to a Tinker checkpoint (tinker_lora_signed_url or tinker_checkpoint)"));
            }
            if (tinkerLoraName != null && signedUrl == null && checkpoint == null) {
                violations.add(Violation.of("tinker_lora_name", "applies only to a Tinker checkpoint (tinker_lora_signed_url or tinker_checkpoint)"));
            }
            if (checkpoint == null && (checkpointUrlSource != null || checkpointTtl != null)) {
                violations.add(Violation.of("tinker_checkpoint", "is required when a checkpoint URL source or TTL is given"));
            }
            if (checkpointTtl != null && (checkpointTtl.isNegative() || checkpointTtl.isZero())) {
                violations.add(Violation.of("checkpoint_ttl", "must be positive", checkpointTtl));
            }
            if (loraLocator != null && loraLocator.isBlank()) {
                violations.add(Violation.of("lora_locator", "must not be blank", loraLocator));
            }
            return violations;
        }
    }
}
