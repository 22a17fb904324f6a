package io.sail4j.cli;

import io.sail4j.adapter.fake.SailEmulator;
import io.sail4j.adapter.http.HttpBackendConfig;
import io.sail4j.adapter.http.HttpSailBackend;
import io.sail4j.application.Sail;
import io.sail4j.ports.out.SailBackend;
import java.net.URI;
import java.util.Optional;

/**
 * The client a command talks to Sail with: {@code SAIL_API_KEY} and {@code SAIL_BASE_URL} (or
 * {@code --base-url}), or, with {@code --emulator}, an emulator started for this one command and
 * stopped with it. Either way the real HTTP transport runs.
 */
final class Connection implements AutoCloseable {
    /** The key used against an embedded emulator, which accepts any key: the user's own never leaves. */
    static final String EMULATOR_KEY = "sk_emulator";

    private final SailEmulator emulator;
    private final HttpSailBackend backend;
    private final Sail sail;

    private Connection(SailEmulator emulator, HttpSailBackend backend) {
        this.emulator = emulator;
        this.backend = backend;
        this.sail = Sail.over(backend);
    }

    static Connection open(SailCommand global, CliContext context) {
        if (global.emulator()) {
            SailEmulator emulator = SailEmulator.start();
            try {
                context.err().println("using an embedded Sail emulator at " + emulator.baseUrl() + " (gone when this command ends)");
                context.err().flush();
                return new Connection(emulator, HttpSailBackend.builder().apiKey(EMULATOR_KEY).baseUrl(emulator.baseUrl()).build());
            } catch (RuntimeException e) {
                emulator.close();
                throw e;
            }
        }
        String key = context.env(HttpBackendConfig.ENV_API_KEY).orElseThrow(MissingApiKeyException::new);
        HttpSailBackend.Builder builder = HttpSailBackend.builder().apiKey(key);
        Optional.ofNullable(global.baseUrl()).or(() -> context.env(HttpBackendConfig.ENV_BASE_URL)).ifPresent(builder::baseUrl);
        return new Connection(null, builder.build());
    }

    Sail sail() {
        return sail;
    }

    /** The transport alone, without the client's checks. */
    SailBackend backend() {
        return backend;
    }

    URI baseUrl() {
        return backend.config().baseUrl();
    }

    Optional<SailEmulator> emulator() {
        return Optional.ofNullable(emulator);
    }

    @Override
    public void close() {
        sail.close();
        if (emulator != null) {
            emulator.close();
        }
    }
}
