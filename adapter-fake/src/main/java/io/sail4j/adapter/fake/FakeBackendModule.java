package io.sail4j.adapter.fake;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.sail4j.ports.out.SailBackend;
import jakarta.inject.Singleton;
import java.util.Objects;

/**
 * Binds {@link SailBackend} to the in-memory fake, acting for one API key, and {@link InMemorySail}
 * itself so a test can step it. The plain-Java twin is {@code InMemorySail.builder()...build().backend(key)}.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(FakeBackendModule.withDefaults(), new YourModule());
 * InMemorySail sail = injector.getInstance(InMemorySail.class);
 * }</pre>
 */
public final class FakeBackendModule extends AbstractModule {
    /** The API key the default module acts for. */
    public static final String DEFAULT_API_KEY = "sk_fake_default";

    private final InMemorySail sail;
    private final String apiKey;

    private FakeBackendModule(InMemorySail sail, String apiKey) {
        this.sail = sail;
        this.apiKey = apiKey;
    }

    /** A fake with default settings, created when first injected (one per injector). */
    public static FakeBackendModule withDefaults() {
        return new FakeBackendModule(null, DEFAULT_API_KEY);
    }

    /** The given fake, acting for {@code apiKey}; the caller owns (and closes) {@code sail}. */
    public static FakeBackendModule of(InMemorySail sail, String apiKey) {
        return new FakeBackendModule(Objects.requireNonNull(sail, "sail"), Objects.requireNonNull(apiKey, "apiKey"));
    }

    @Override
    protected void configure() {
        if (sail != null) {
            bind(InMemorySail.class).toInstance(sail);
        } else {
            bind(InMemorySail.class).toProvider(InMemorySail::create).in(Singleton.class);
        }
    }

    @Provides
    @Singleton
    SailBackend backend(InMemorySail fake) {
        return fake.backend(apiKey);
    }
}
