package io.sail4j.adapter.tinker;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.sail4j.ports.out.CheckpointUrlSource;
import jakarta.inject.Singleton;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Binds {@link CheckpointUrlSource} to Tinker's REST API behind a {@link CachingCheckpointUrlSource},
 * and {@link TinkerRestCheckpoints} itself (close it when the injector's life ends). Side-effect free:
 * the environment is read and the client started when the binding is first provided.
 *
 * <p>The plain-Java twin: {@code new CachingCheckpointUrlSource(TinkerRestCheckpoints.fromEnv())}.
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

    @Provides
    @Singleton
    TinkerRestCheckpoints tinkerRestCheckpoints() {
        return checkpoints.get();
    }

    @Provides
    @Singleton
    CheckpointUrlSource checkpointUrlSource(TinkerRestCheckpoints rest) {
        return new CachingCheckpointUrlSource(rest);
    }
}
