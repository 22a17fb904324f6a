package io.sail4j.adapter.tinker;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import io.sail4j.core.lora.AdapterConfig;
import io.sail4j.core.tinker.TinkerPath;
import io.sail4j.ports.out.CheckpointUrlSource;
import io.sail4j.ports.out.LoraSourceProvider;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Adds a {@link TinkerLoraSourceProvider} to the {@code Multibinder<LoraSourceProvider>}, so
 * {@code tinker://} locators resolve through the bound {@link CheckpointUrlSource} (install
 * {@link TinkerModule} too, or bind one yourself).
 */
public final class TinkerLoraSourceModule extends AbstractModule {
    private final Function<TinkerPath, AdapterConfig> adapterConfigs;
    private final Optional<Duration> ttl;

    public TinkerLoraSourceModule(Function<TinkerPath, AdapterConfig> adapterConfigs, Optional<Duration> ttl) {
        this.adapterConfigs = Objects.requireNonNull(adapterConfigs, "adapterConfigs");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
    }

    /** Every checkpoint shares {@code adapterConfig}. */
    public static TinkerLoraSourceModule withConfig(AdapterConfig adapterConfig) {
        Objects.requireNonNull(adapterConfig, "adapterConfig");
        return new TinkerLoraSourceModule(path -> adapterConfig, Optional.empty());
    }

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), LoraSourceProvider.class).addBinding().to(TinkerLoraSourceProvider.class);
    }

    @Provides
    @Singleton
    TinkerLoraSourceProvider tinkerLoraSourceProvider(CheckpointUrlSource urls) {
        return new TinkerLoraSourceProvider(urls, adapterConfigs, ttl);
    }
}
