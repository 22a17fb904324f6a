package io.sail4j.adapter.fake.junit;

import io.sail4j.adapter.fake.InMemorySail;
import io.sail4j.adapter.fake.SailEmulator;
import io.sail4j.ports.out.SailBackend;
import java.net.URI;

/**
 * One test's fake Sail: the {@link InMemorySail} state, a backend acting for the preset API key, and
 * (started on first use) the same state over HTTP. Closed by {@link FakeSailExtension} after the test.
 */
public final class FakeSail implements AutoCloseable {
    private final InMemorySail sail;
    private final String apiKey;
    private final SailBackend backend;
    private SailEmulator emulator;

    FakeSail(InMemorySail sail, String apiKey) {
        this.sail = sail;
        this.apiKey = apiKey;
        this.backend = sail.backend(apiKey);
    }

    /** The state, for stepping validations and responses and reading counts. */
    public InMemorySail sail() {
        return sail;
    }

    /** The in-memory backend acting for {@link #apiKey()}. */
    public SailBackend backend() {
        return backend;
    }

    /** An in-memory backend for another key (another organization unless configured otherwise). */
    public SailBackend backend(String otherApiKey) {
        return sail.backend(otherApiKey);
    }

    /** The preset API key; send it as {@code Authorization: Bearer <key>} over HTTP. */
    public String apiKey() {
        return apiKey;
    }

    /** The preset key's organization. */
    public String organization() {
        return sail.organizationOf(apiKey);
    }

    /** The emulator serving this state, started on first call. */
    public synchronized SailEmulator emulator() {
        if (emulator == null) {
            emulator = SailEmulator.serving(sail);
        }
        return emulator;
    }

    /** {@code http://127.0.0.1:<port>/v1}, starting the emulator if needed. */
    public URI baseUrl() {
        return emulator().baseUrl();
    }

    @Override
    public synchronized void close() {
        backend.close();
        if (emulator != null) {
            emulator.close();
        }
        sail.close();
    }

    @Override
    public String toString() {
        return "FakeSail[" + organization() + (emulator != null ? ", " + emulator.baseUrl() : "") + "]";
    }
}
