package io.sail4j.application;

import io.sail4j.core.model.ModelCatalog;
import io.sail4j.ports.in.LoraFiles;
import io.sail4j.ports.in.Loras;
import io.sail4j.ports.in.TextRequests;
import io.sail4j.ports.in.TokenCompleter;
import io.sail4j.ports.in.TokenCompleterOptions;
import io.sail4j.ports.in.TokenCompleters;
import io.sail4j.ports.out.CheckpointUrlSource;
import io.sail4j.ports.out.LoraSourceProvider;
import io.sail4j.ports.out.SailBackend;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sail4j client: LoRA files, LoRAs (register, manage, await validation, usability), token
 * completers and text requests, over one {@link SailBackend} (the HTTP adapter in production, the
 * in-memory Sail in tests).
 *
 * <pre>{@code
 * try (Sail sail = Sail.over(backend)) {
 *     Registration registration = Blocking.await(sail.loras().register(
 *             RegisterLora.fromDirectory(adapterDir).name("funnier-v1").model("moonshotai/Kimi-K2.6").build()));
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing it fails validation waits still running, stops its own threads and closes
 * the backend when it owns it (it does unless {@link Builder#ownsBackend(boolean)} says otherwise). Background work uses one scheduler
 * thread for validation polling and at most two threads for local adapter reads; waiting for Sail
 * holds no thread.
 */
public final class Sail implements AutoCloseable {
    private final SailBackend backend;
    private final boolean ownsBackend;
    private final ScheduledExecutorService ownScheduler;
    private final ExecutorService ownPreflightExecutor;
    private final CatalogHolder catalog;
    private final FileService files;
    private final LoraService loras;
    private final CompleterFactory completers;
    private final TextService text;
    private final ValidationWaiter waiter;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Sail(Builder b) {
        this.backend = b.backend;
        this.ownsBackend = b.ownsBackend;
        this.ownScheduler = b.scheduler == null ? newScheduler() : null;
        ScheduledExecutorService scheduler = b.scheduler == null ? ownScheduler : b.scheduler;
        this.ownPreflightExecutor = b.preflightExecutor == null ? newPreflightExecutor() : null;
        Executor preflightExecutor = b.preflightExecutor == null ? ownPreflightExecutor : b.preflightExecutor;
        this.catalog = new CatalogHolder(backend, b.catalog, b.catalogFromServer);
        this.waiter = new ValidationWaiter(backend, scheduler, System::nanoTime);
        this.files = new FileService(backend);
        this.loras = new LoraService(backend, catalog, waiter, preflightExecutor);
        this.completers = new CompleterFactory(backend, catalog, Optional.ofNullable(b.checkpointUrlSource), b.providers, b.clock);
        this.text = new TextService(backend, catalog);
    }

    /** A client over {@code backend} with the built-in catalog; closing it closes the backend. */
    public static Sail over(SailBackend backend) {
        return builder(backend).build();
    }

    public static Builder builder(SailBackend backend) {
        return new Builder(backend);
    }

    public LoraFiles files() {
        return files;
    }

    public Loras loras() {
        return loras;
    }

    public TokenCompleters completers() {
        return completers;
    }

    /** A token completer; see {@link TokenCompleters#create}. */
    public TokenCompleter tokenCompleter(TokenCompleterOptions options) {
        return completers.create(options);
    }

    public TextRequests text() {
        return text;
    }

    /** The model catalog requests are checked against, as known now. */
    public ModelCatalog catalog() {
        return catalog.current();
    }

    /** Merges the server's model list ({@code GET /v1/models}) into the catalog. */
    public CompletableFuture<ModelCatalog> refreshCatalog() {
        return catalog.refresh();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (ownScheduler != null) {
            ownScheduler.shutdownNow();
        }
        waiter.close();
        if (ownPreflightExecutor != null) {
            // Queued preflights are short local reads: let them finish, so their registrations fail on the closed backend.
            ownPreflightExecutor.shutdown();
        }
        if (ownsBackend) {
            backend.close();
        }
    }

    @Override
    public String toString() {
        return "Sail[" + backend.getClass().getSimpleName() + ", " + catalog.current().models().size() + " models known]";
    }

    private static ScheduledExecutorService newScheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("sail4j-scheduler"));
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    private static ExecutorService newPreflightExecutor() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemonThreads("sail4j-preflight"));
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Everything about a {@link Sail} but its backend is optional. */
    public static final class Builder {
        private final SailBackend backend;
        private boolean ownsBackend = true;
        private ModelCatalog catalog = ModelCatalog.builtIn();
        private boolean catalogFromServer;
        private CheckpointUrlSource checkpointUrlSource;
        private final List<LoraSourceProvider> providers = new ArrayList<>();
        private ScheduledExecutorService scheduler;
        private Executor preflightExecutor;
        private Clock clock = Clock.systemUTC();

        private Builder(SailBackend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
        }

        /** Whether closing the client closes the backend (default true). */
        public Builder ownsBackend(boolean value) {
            this.ownsBackend = value;
            return this;
        }

        /** The catalog requests are checked against (default: the built-in one, Kimi-K2.6). */
        public Builder catalog(ModelCatalog value) {
            this.catalog = Objects.requireNonNull(value, "catalog");
            return this;
        }

        /**
         * Also merge the server's {@code GET /v1/models} into the catalog, once, before the first check
         * that needs it (default false: the given catalog alone).
         */
        public Builder catalogFromServer(boolean value) {
            this.catalogFromServer = value;
            return this;
        }

        /** Resolves Tinker checkpoint paths for token completers that name one without their own source. */
        public Builder checkpointUrlSource(CheckpointUrlSource value) {
            this.checkpointUrlSource = value;
            return this;
        }

        /** Resolves {@code loraLocator}s of token completers; asked in the order added. */
        public Builder loraSourceProvider(LoraSourceProvider provider) {
            providers.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        public Builder loraSourceProviders(Collection<? extends LoraSourceProvider> values) {
            values.forEach(this::loraSourceProvider);
            return this;
        }

        /** The scheduler for validation polling (not shut down by {@link Sail#close()}); default: an own daemon thread. */
        public Builder scheduler(ScheduledExecutorService value) {
            this.scheduler = value;
            return this;
        }

        /** Where local adapter files are read (not shut down by {@link Sail#close()}); default: two own daemon threads. */
        public Builder preflightExecutor(Executor value) {
            this.preflightExecutor = value;
            return this;
        }

        /** The clock checkpoint URL expiry is judged by (default: the system clock). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public Sail build() {
            return new Sail(this);
        }
    }
}
