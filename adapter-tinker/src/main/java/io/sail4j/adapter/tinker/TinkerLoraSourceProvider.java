package io.sail4j.adapter.tinker;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.AdapterConfig;
import io.sail4j.core.lora.LoraSource;
import io.sail4j.core.tinker.TinkerPath;
import io.sail4j.ports.out.CheckpointUrlSource;
import io.sail4j.ports.out.LoraSourceProvider;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Turns {@code tinker://<run>/sampler_weights/<name>} locators into Tinker checkpoint LoRA sources: the
 * signed URL from a {@link CheckpointUrlSource}, the PEFT config from a function the caller supplies
 * (Tinker does not serve it; in an RL loop it is usually the same for every step), and the checkpoint
 * name as {@code tinker_lora_name}.
 *
 * <p>Every {@link #resolve} asks the source again, as the provider contract expects (it is called
 * again when a source expired or Sail refused it); give it the plain {@link TinkerRestCheckpoints}, not
 * a {@link CachingCheckpointUrlSource} that could hand back a refused URL.
 */
public final class TinkerLoraSourceProvider implements LoraSourceProvider {
    private final CheckpointUrlSource urls;
    private final Function<TinkerPath, AdapterConfig> adapterConfigs;
    private final Optional<Duration> ttl;

    /**
     * @param urls resolves the signed archive URL
     * @param adapterConfigs the PEFT config of the LoRA at a path
     * @param ttl when present, the checkpoint TTL set on every resolution
     */
    public TinkerLoraSourceProvider(CheckpointUrlSource urls, Function<TinkerPath, AdapterConfig> adapterConfigs,
            Optional<Duration> ttl) {
        this.urls = Objects.requireNonNull(urls, "urls");
        this.adapterConfigs = Objects.requireNonNull(adapterConfigs, "adapterConfigs");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
    }

    /** Every checkpoint shares {@code adapterConfig}, as in an RL loop training one LoRA. */
    public static TinkerLoraSourceProvider withConfig(CheckpointUrlSource urls, AdapterConfig adapterConfig) {
        Objects.requireNonNull(adapterConfig, "adapterConfig");
        return new TinkerLoraSourceProvider(urls, path -> adapterConfig, Optional.empty());
    }

    @Override
    public boolean handles(String locator) {
        return locator != null && locator.startsWith(TinkerPath.SCHEME);
    }

    @Override
    public CompletableFuture<LoraSource> resolve(String locator) {
        TinkerPath path;
        AdapterConfig config;
        try {
            path = TinkerPath.parse(locator);
            config = adapterConfigs.apply(path);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (config == null) {
            return CompletableFuture.failedFuture(new InvalidRequestException(
                    Violation.of("adapter_config", "is required with tinker_lora_signed_url; none is known for " + path)));
        }
        return urls.signedUrl(path, ttl)
                .thenApply(url -> new LoraSource.TinkerCheckpoint(url, config, Optional.of(path.name())));
    }

    @Override
    public String toString() {
        return "TinkerLoraSourceProvider[" + urls + (ttl.map(t -> ", ttl " + t).orElse("")) + "]";
    }
}
