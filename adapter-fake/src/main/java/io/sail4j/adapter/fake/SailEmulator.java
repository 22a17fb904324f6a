package io.sail4j.adapter.fake;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake Sail over real HTTP, per Sail's REST API: {@link InMemorySail}'s state served on a loopback
 * port, with {@link FaultPlan fault injection} and {@link EmulatorCounters counters}. Works with
 * sail4j's HTTP adapter and with the official OpenAI and Anthropic SDKs (base URL plus any key).
 *
 * <pre>{@code
 * try (SailEmulator sail = SailEmulator.start()) {
 *     URI baseUrl = sail.baseUrl();                 // http://127.0.0.1:<port>/v1
 *     sail.faults().next(2, "POST /v1/files", Fault.status(503));
 *     ...
 *     assertEquals(3, sail.counters().requests("POST /v1/files"));
 * }
 * }</pre>
 *
 * Served by the JDK's own {@code com.sun.net.httpserver}: no dependency for users to reconcile, and
 * its exchange API gives the control faults need (answer late, or close without answering).
 */
public final class SailEmulator implements AutoCloseable {
    /** Handler threads by default: enough for thousands of polling clients, each call being short. */
    public static final int DEFAULT_THREADS = 128;
    /** JSON bodies above this are refused with 413. */
    public static final int DEFAULT_MAX_JSON_BYTES = 8 * 1024 * 1024;
    /** The JDK server's cap on idle keep-alive connections ({@code sun.net.httpserver.maxIdleConnections}). */
    static final String MAX_IDLE_CONNECTIONS_PROPERTY = "sun.net.httpserver.maxIdleConnections";
    /** Idle keep-alive connections the emulator keeps open, unless the JVM was started with another cap. */
    static final int MAX_IDLE_CONNECTIONS = 16_384;

    static {
        // Past its cap (200 by default) the JDK server closes each connection right after its answer,
        // without Connection: close, so a client keeping thousands of keep-alive connections (as
        // sail4j's pool does, and as Sail's front end allows) would meet closed connections all the
        // time. The JDK reads the property once, when its server is first used.
        if (System.getProperty(MAX_IDLE_CONNECTIONS_PROPERTY) == null) {
            System.setProperty(MAX_IDLE_CONNECTIONS_PROPERTY, Integer.toString(MAX_IDLE_CONNECTIONS));
        }
    }

    private final HttpServer server;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService delays;
    private final InMemorySail sail;
    private final boolean ownsSail;
    private final FaultPlan faults;
    private final EmulatorCounters counters;
    private final URI baseUrl;
    private volatile boolean closed;

    private SailEmulator(Builder builder) {
        this.ownsSail = builder.sail == null;
        InMemorySail.Builder settings = InMemorySail.builder();
        builder.settings.accept(settings);
        this.sail = ownsSail ? settings.build() : builder.sail;
        this.faults = new FaultPlan();
        if (builder.faultSpec != null) {
            faults.add(builder.faultSpec);
        }
        this.counters = new EmulatorCounters(sail);
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(builder.threads, builder.threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "sail-emulator-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        ScheduledThreadPoolExecutor scheduled = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "sail-emulator-delays");
            thread.setDaemon(true);
            return thread;
        });
        scheduled.setRemoveOnCancelPolicy(true);
        this.delays = scheduled;
        try {
            InetAddress host = builder.host != null ? InetAddress.getByName(builder.host) : InetAddress.getLoopbackAddress();
            this.server = HttpServer.create(new InetSocketAddress(host, builder.port), 4096);
        } catch (IOException e) {
            pool.shutdownNow();
            delays.shutdownNow();
            if (ownsSail) {
                sail.close();
            }
            throw new UncheckedIOException("cannot start the Sail emulator on port " + builder.port, e);
        }
        server.setExecutor(pool);
        server.createContext("/", new EmulatorHandler(sail.state(), faults, counters, delays, builder.maxJsonBytes));
        server.start();
        String hostText = server.getAddress().getAddress().getHostAddress();
        if (hostText.contains(":")) {
            hostText = "[" + hostText + "]";
        }
        this.baseUrl = URI.create("http://" + hostText + ":" + server.getAddress().getPort() + "/v1");
    }

    /** An emulator over a fresh default {@link InMemorySail}, on an ephemeral loopback port. */
    public static SailEmulator start() {
        return builder().start();
    }

    /** An emulator serving {@code sail} (which the caller keeps and closes). */
    public static SailEmulator serving(InMemorySail sail) {
        return builder().sail(sail).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>/v1}: what {@code SAIL_BASE_URL} or an OpenAI SDK's base URL should be. */
    public URI baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The state served, for stepping validations and responses by hand. */
    public InMemorySail sail() {
        return sail;
    }

    public FaultPlan faults() {
        return faults;
    }

    public EmulatorCounters counters() {
        return counters;
    }

    /** Stops serving (open connections are dropped) and, when it created its fake, closes that too. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        pool.shutdownNow();
        delays.shutdownNow();
        if (ownsSail) {
            sail.close();
        }
    }

    @Override
    public String toString() {
        return "SailEmulator[" + baseUrl + "]";
    }

    /** Settings; each has a default. */
    public static final class Builder {
        private InMemorySail sail;
        private java.util.function.Consumer<InMemorySail.Builder> settings = fake -> { };
        private int port;
        private String host;
        private int threads = DEFAULT_THREADS;
        private int maxJsonBytes = DEFAULT_MAX_JSON_BYTES;
        private String faultSpec;

        private Builder() {
        }

        /** Serve this fake (the caller keeps and closes it); default a fresh {@link InMemorySail#create()}. */
        public Builder sail(InMemorySail value) {
            this.sail = Objects.requireNonNull(value, "sail");
            return this;
        }

        /** Settings for the fake the emulator creates (and closes with itself); ignored when {@link #sail} is given. */
        public Builder fakeSettings(java.util.function.Consumer<InMemorySail.Builder> value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /** Port to listen on; 0 (the default) picks a free one. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be 0-65535: " + value);
            }
            this.port = value;
            return this;
        }

        /** Address to bind; default the loopback address. */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /** Handler threads (bounded; requests queue beyond them). Default {@value #DEFAULT_THREADS}. */
        public Builder threads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("threads must be at least 1");
            }
            this.threads = value;
            return this;
        }

        public Builder maxJsonBytes(int value) {
            if (value < 1024) {
                throw new IllegalArgumentException("maxJsonBytes must be at least 1024");
            }
            this.maxJsonBytes = value;
            return this;
        }

        /** Fault rules in {@link FaultPlan}'s spec syntax. */
        public Builder faults(String spec) {
            this.faultSpec = Objects.requireNonNull(spec, "spec");
            return this;
        }

        public SailEmulator start() {
            return new SailEmulator(this);
        }
    }
}
