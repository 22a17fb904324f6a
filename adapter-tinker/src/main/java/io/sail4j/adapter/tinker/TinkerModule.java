package io.sail4j.adapter.tinker;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.sail4j.ports.out.CheckpointUrlSource;
import jakarta.inject.Singleton;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Binds {@link CheckpointUrlSource} to {@link TinkerRestCheckpoints} (close it when the injector's life
 * ends). Side-effect free: the environment is read and the client started when the binding is first
 * provided. Works beside {@code SailModule}, which takes the binding as its optional checkpoint source.
 *
 * <p>Not cached here on purpose: Sail's token completers keep each resolved URL until it nears expiry
 * and resolve afresh when Sail refuses one, and a cache underneath would hand the refused URL back.
 * Wrap it in a {@link CachingCheckpointUrlSource} where you call the source yourself.
 *
 * <p>The plain-Java twin: {@code TinkerRestCheckpoints.fromEnv()}.
 */
public final class TinkerModule extends AbstractModule {
    private final Supplier<TinkerRestCheckpoints> checkpoints;

    /** Configured from {@code TINKER_API_KEY} and {@code TINKER_BASE_URL}. */
    public TinkerModule() {
        this(TinkerRestCheckpoints::fromEnv);
    }

    /** Configured by {@code builder}, built when first needed. */
    public TinkerModule(TinkerRestCheckpoints.Builder builder) {
        this(Objects.requireNonNull(builder, "builder")::build);
    }

    private TinkerModule(Supplier<TinkerRestCheckpoints> checkpoints) {
        this.checkpoints = checkpoints;
    }

    @Override
    protected void configure() {
        bind(CheckpointUrlSource.class).to(TinkerRestCheckpoints.class);
    }

    @Provides
    @Singleton
    TinkerRestCheckpoints tinkerRestCheckpoints() {
        return checkpoints.get();
    }
}
