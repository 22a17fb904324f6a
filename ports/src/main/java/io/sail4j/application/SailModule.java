package io.sail4j.application;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.ports.in.LoraFiles;
import io.sail4j.ports.in.Loras;
import io.sail4j.ports.in.TextRequests;
import io.sail4j.ports.in.TokenCompleters;
import io.sail4j.ports.out.CheckpointUrlSource;
import io.sail4j.ports.out.LoraSourceProvider;
import io.sail4j.ports.out.SailBackend;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.Set;

/**
 * Binds {@link Sail} and its use cases ({@link LoraFiles}, {@link Loras}, {@link TokenCompleters},
 * {@link TextRequests}). Needs a {@link SailBackend} binding (from {@code HttpBackendModule} or
 * {@code FakeBackendModule}). Optional: a {@link CheckpointUrlSource} (e.g. {@code TinkerModule}), a
 * {@link ModelCatalog} (set it with {@code OptionalBinder.newOptionalBinder(binder(), ModelCatalog.class)
 * .setBinding()}), and {@link LoraSourceProvider}s added to the {@code Multibinder<LoraSourceProvider>}.
 * The plain-Java twin is {@link Sail#builder}. The injected {@code Sail} owns the backend: close it at
 * shutdown.
 */
public final class SailModule extends AbstractModule {

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), LoraSourceProvider.class);
        OptionalBinder.newOptionalBinder(binder(), CheckpointUrlSource.class);
        OptionalBinder.newOptionalBinder(binder(), ModelCatalog.class);
    }

    @Provides
    @Singleton
    Sail sail(SailBackend backend, Set<LoraSourceProvider> providers, Optional<CheckpointUrlSource> checkpointUrlSource,
              Optional<ModelCatalog> catalog) {
        Sail.Builder builder = Sail.builder(backend).loraSourceProviders(providers);
        checkpointUrlSource.ifPresent(builder::checkpointUrlSource);
        catalog.ifPresent(builder::catalog);
        return builder.build();
    }

    @Provides
    LoraFiles files(Sail sail) {
        return sail.files();
    }

    @Provides
    Loras loras(Sail sail) {
        return sail.loras();
    }

    @Provides
    TokenCompleters completers(Sail sail) {
        return sail.completers();
    }

    @Provides
    TextRequests text(Sail sail) {
        return sail.text();
    }
}
