package io.sail4j.adapter.http;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.sail4j.ports.out.SailBackend;
import jakarta.inject.Singleton;
import java.util.Objects;

/**
 * Binds {@link SailBackend} to one shared {@link HttpSailBackend}. The module does nothing when
 * installed; the backend is built on first use. The injector's owner closes it (it is
 * {@link AutoCloseable}).
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(HttpBackendModule.fromEnv());
 * SailBackend sail = injector.getInstance(SailBackend.class);
 * }</pre>
 */
public final class HttpBackendModule extends AbstractModule {
    private final HttpBackendConfig config;

    public HttpBackendModule(HttpBackendConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Configured from {@code SAIL_API_KEY} and {@code SAIL_BASE_URL}, read now. */
    public static HttpBackendModule fromEnv() {
        return new HttpBackendModule(HttpBackendConfig.fromEnv());
    }

    @Override
    protected void configure() {
        bind(HttpBackendConfig.class).toInstance(config);
        bind(SailBackend.class).to(HttpSailBackend.class);
    }

    @Provides
    @Singleton
    HttpSailBackend httpSailBackend(HttpBackendConfig boundConfig) {
        return HttpSailBackend.create(boundConfig);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HttpBackendModule that && config.equals(that.config);
    }

    @Override
    public int hashCode() {
        return config.hashCode();
    }

    @Override
    public String toString() {
        return "HttpBackendModule[" + config + "]";
    }
}
