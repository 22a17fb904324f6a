package io.sail4j.adapter.http;

import io.sail4j.core.error.ApiError;
import io.sail4j.core.error.ApiErrors;
import io.sail4j.core.error.CompletionFailures;
import io.sail4j.core.error.ConflictException;
import io.sail4j.core.error.InvalidAnswerException;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.NotFoundException;
import io.sail4j.core.error.ResponseFailedException;
import io.sail4j.core.error.SailException;
import io.sail4j.core.error.TransportException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.FileId;
import io.sail4j.core.lora.Lora;
import io.sail4j.core.lora.LoraRef;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.ports.out.CreateLora;
import io.sail4j.ports.out.FileUpload;
import io.sail4j.ports.out.Page;
import io.sail4j.ports.out.PageRequest;
import io.sail4j.ports.out.SailBackend;
import io.sail4j.ports.out.StoredFile;
import io.sail4j.ports.out.TextRequest;
import io.sail4j.ports.out.TextResult;
import io.sail4j.ports.out.TokenSampleRequest;
import io.sail4j.ports.out.UpdateLora;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SailBackend} over Sail's REST API. Thread-safe; one instance per API key, shared by the
 * whole application; {@link #close()} releases its connections and threads.
 *
 * <pre>{@code
 * try (HttpSailBackend sail = HttpSailBackend.builder().fromEnv().build()) {
 *     StoredFile weights = sail.uploadFile(FileUpload.lora(dir.resolve("adapter_model.safetensors"))).join();
 * }
 * }</pre>
 *
 * <p>Every POST carries an {@code Idempotency-Key} (the command's own, or one made per call) that
 * every retry reuses, so a call whose answer was lost is retried without creating anything twice.
 */
public final class HttpSailBackend implements SailBackend {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSailBackend.class);

    private final HttpBackendConfig config;
    private final ScheduledThreadPoolExecutor workers;
    private final ThreadPoolExecutor uploads;
    private final JsonTransport json;
    private final FileUploader uploader;
    private final ResponseWaiter waiter;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Futures handed out and not yet complete: closing fails them rather than leave them hanging. */
    private final Set<CompletableFuture<?>> calls = ConcurrentHashMap.newKeySet();

    private HttpSailBackend(HttpBackendConfig config) {
        this.config = config;
        Clock clock = Clock.systemUTC();
        RetryRules retries = new RetryRules(config);
        this.workers = new ScheduledThreadPoolExecutor(config.workerThreads(), daemonThreads("sail4j-http-worker"));
        workers.setRemoveOnCancelPolicy(true);
        this.uploads = new ThreadPoolExecutor(config.uploadThreads(), config.uploadThreads(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("sail4j-http-upload"));
        uploads.allowCoreThreadTimeOut(true);
        this.json = new JsonTransport(config, workers, retries, clock, daemonThreads("sail4j-http-io"));
        this.uploader = new FileUploader(config, uploads, workers, retries, clock);
        this.waiter = new ResponseWaiter(json, workers, config.maxRetryAfter(), config.apiKey());
        LOG.debug("HttpSailBackend started: {}", config);
    }

    /** A backend with this configuration. */
    public static HttpSailBackend create(HttpBackendConfig config) {
        return new HttpSailBackend(config);
    }

    /** A backend configured from {@code SAIL_API_KEY} and {@code SAIL_BASE_URL}. */
    public static HttpSailBackend fromEnv() {
        return builder().fromEnv().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public HttpBackendConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- files

    @Override
    public CompletableFuture<StoredFile> uploadFile(FileUpload upload) {
        return guarded(() -> uploader.upload(upload, idempotencyKey(upload.idempotencyKey())));
    }

    @Override
    public CompletableFuture<StoredFile> getFile(FileId id) {
        return guarded(() -> json.withRetries(JsonTransport.Call.get(SailWire.FILES + "/" + segment(id.value())),
                SailWire::storedFile));
    }

    @Override
    public CompletableFuture<Void> deleteFile(FileId id) {
        return guarded(() -> deleted(json.withRetries(JsonTransport.Call.delete(SailWire.FILES + "/" + segment(id.value())),
                answer -> null)));
    }

    @Override
    public CompletableFuture<List<BaseModel>> listModels() {
        return guarded(() -> json.withRetries(JsonTransport.Call.get(SailWire.MODELS), SailWire::models));
    }

    // ---------------------------------------------------------------- LoRAs

    /**
     * Creates the LoRA. If a retry meets {@code 409} (an earlier attempt may have created it before
     * its answer was lost), the existing LoRA is adopted when its files and models are this command's,
     * and a {@link ConflictException} saying so is raised otherwise.
     */
    @Override
    public CompletableFuture<Lora> createLora(CreateLora command) {
        return guarded(() -> {
            String key = idempotencyKey(command.idempotencyKey());
            JsonTransport.Call call = new JsonTransport.Call("POST", SailWire.LORAS,
                    SailWire.bytes(SailWire.createLora(command)), key);
            return json.withRetries(call, SailWire::lora).exceptionallyCompose(failure -> {
                Throwable t = CompletionFailures.unwrap(failure);
                if (t instanceof ConflictException conflict && conflict.retried()) {
                    return adoptAfterConflict(command, conflict);
                }
                return CompletableFuture.failedFuture(t);
            });
        });
    }

    private CompletableFuture<Lora> adoptAfterConflict(CreateLora command, ConflictException conflict) {
        LOG.debug("POST /loras retry met 409 for {} (request {}); checking whether an earlier attempt created it",
                command.name(), conflict.requestId().orElse(null));
        return json.withRetries(JsonTransport.Call.get(SailWire.LORAS + "/" + segment(command.name().value())), SailWire::lora)
                .thenApply(existing -> {
                    if (sameFilesAndModels(existing, command)) {
                        LOG.debug("adopted existing LoRA {} ({}) after a retried create", existing.name(), existing.id());
                        return existing;
                    }
                    throw new ConflictException(new ApiError(409, "LoRA '" + command.name() + "' already exists with other "
                            + "files or models (config " + existing.configFileId() + ", weights " + existing.weightsFileId()
                            + ", models " + existing.supportedModels() + "); it was not created by this call",
                            conflict.type().orElse(ApiErrors.TYPE_CONFLICT), conflict.code().orElse(ApiErrors.CODE_LORA_NAME_TAKEN), "name",
                            conflict.requestId().orElse(null)), true);
                });
    }

    static boolean sameFilesAndModels(Lora existing, CreateLora command) {
        return existing.configFileId().equals(command.configFileId())
                && existing.weightsFileId().equals(command.weightsFileId())
                && new HashSet<>(existing.supportedModels()).equals(new HashSet<>(command.supportedModels()));
    }

    @Override
    public CompletableFuture<Lora> getLora(LoraRef ref) {
        return guarded(() -> json.withRetries(JsonTransport.Call.get(SailWire.LORAS + "/" + segment(ref.value())), SailWire::lora));
    }

    @Override
    public CompletableFuture<Page<Lora>> listLoras(PageRequest page) {
        return guarded(() -> json.withRetries(
                JsonTransport.Call.get(SailWire.LORAS + SailWire.listQuery(page.limit(), page.after())), SailWire::loraPage));
    }

    @Override
    public CompletableFuture<Lora> updateLora(LoraRef ref, UpdateLora update) {
        return guarded(() -> json.withRetries(new JsonTransport.Call("PATCH", SailWire.LORAS + "/" + segment(ref.value()),
                SailWire.bytes(SailWire.updateLora(update)), null), SailWire::lora));
    }

    @Override
    public CompletableFuture<Void> deleteLora(LoraRef ref) {
        return guarded(() -> deleted(json.withRetries(JsonTransport.Call.delete(SailWire.LORAS + "/" + segment(ref.value())),
                answer -> null)));
    }

    /** A retried DELETE that meets 404 found the work done by an attempt whose answer was lost. */
    private static CompletableFuture<Void> deleted(CompletableFuture<Void> call) {
        return call.exceptionallyCompose(failure -> {
            Throwable t = CompletionFailures.unwrap(failure);
            return t instanceof NotFoundException notFound && notFound.retried()
                    ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(t);
        });
    }

    // ---------------------------------------------------------------- responses

    @Override
    public CompletableFuture<SampledTokens> sampleTokens(TokenSampleRequest request) {
        return guarded(() -> {
            JsonTransport.Call call = new JsonTransport.Call("POST", SailWire.RESPONSES,
                    SailWire.bytes(SailWire.tokenSample(request)), idempotencyKey(request.idempotencyKey()));
            PollSchedule schedule = PollSchedule.forWindow(request.window());
            Duration timeout = request.timeout().orElseGet(() -> config.responseWait().orElse(schedule.defaultWait()));
            boolean logprobs = request.params().logprobs();
            return waiter.await(() -> json.withRetries(call, SailWire::responseState), schedule, timeout,
                    state -> SailWire.sampledTokens(state, logprobs).orElseThrow(() -> noOutput(state, "output_tokens")));
        });
    }

    @Override
    public CompletableFuture<TextResult> generateText(TextRequest request) {
        return guarded(() -> {
            SailWire.TextCall text = SailWire.text(request);
            JsonTransport.Call call = new JsonTransport.Call("POST", text.path(), SailWire.bytes(text.body()),
                    idempotencyKey(request.idempotencyKey()));
            return switch (request.api()) {
                case CHAT_COMPLETIONS -> json.withRetries(call, SailWire::chatText);
                case MESSAGES -> json.withRetries(call, SailWire::messagesText);
                case RESPONSES -> {
                    PollSchedule schedule = PollSchedule.forWindow(request.window().orElse(CompletionWindow.STANDARD));
                    Duration timeout = config.responseWait().orElse(schedule.defaultWait());
                    yield waiter.await(() -> json.withRetries(call, SailWire::responseState), schedule, timeout,
                            state -> SailWire.responsesText(state).orElseThrow(() -> noOutput(state, "output_text")));
                }
            };
        });
    }

    /** A finished response without the output asked for: incomplete, or an answer sail4j cannot use. */
    private static SailException noOutput(SailWire.ResponseState state, String kind) {
        if (state.progress() == SailWire.Progress.INCOMPLETE) {
            return new ResponseFailedException(state.id(), state.status(), state.incompleteReason().orElse(null),
                    "finished without " + kind + " output");
        }
        return new InvalidAnswerException(state.what() + ": response " + state.id() + " is "
                + state.status() + " but holds no " + kind + " output");
    }

    // ---------------------------------------------------------------- plumbing

    private <T> CompletableFuture<T> guarded(Supplier<CompletableFuture<T>> call) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new TransportException("HttpSailBackend is closed", null, false));
        }
        CompletableFuture<T> future;
        try {
            future = call.get();
        } catch (SailException e) {
            return CompletableFuture.failedFuture(e);
        }
        calls.add(future);
        future.whenComplete((value, failure) -> calls.remove(future));
        if (closed.get()) {
            future.completeExceptionally(closedWhileRunning());
        }
        return future;
    }

    private static TransportException closedWhileRunning() {
        return new TransportException("HttpSailBackend was closed while this call was running", null, false);
    }

    private static String idempotencyKey(Optional<String> given) {
        if (given.isEmpty()) {
            return UUID.randomUUID().toString();
        }
        String key = given.get();
        if (key.isEmpty() || key.length() > SailWire.MAX_IDEMPOTENCY_KEY_CHARS || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new InvalidRequestException(Violation.of("idempotency_key",
                    "must be 1-" + SailWire.MAX_IDEMPOTENCY_KEY_CHARS + " printable ASCII characters without spaces", key));
        }
        return key;
    }

    /** One path segment, percent-encoded. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Closes the connection pools and stops the threads; calls still running fail. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (CompletableFuture<?> call : calls) {
            call.completeExceptionally(closedWhileRunning());
        }
        try {
            json.close();
        } finally {
            try {
                uploader.close();
            } finally {
                workers.shutdownNow();
                uploads.shutdownNow();
            }
        }
        LOG.debug("HttpSailBackend closed");
    }

    @Override
    public String toString() {
        return "HttpSailBackend[" + config.baseUrl() + (closed.get() ? ", closed" : "") + "]";
    }

    /**
     * Settings for {@link HttpSailBackend}. Only the API key is required; every other setting has a
     * default (see {@link HttpBackendConfig}'s constants).
     */
    public static final class Builder {
        String apiKey;
        URI baseUrl;
        Duration connectTimeout = HttpBackendConfig.DEFAULT_CONNECT_TIMEOUT;
        Duration responseTimeout = HttpBackendConfig.DEFAULT_RESPONSE_TIMEOUT;
        Duration uploadStallTimeout = HttpBackendConfig.DEFAULT_UPLOAD_STALL_TIMEOUT;
        int maxRetries = HttpBackendConfig.DEFAULT_MAX_RETRIES;
        Duration initialBackoff = HttpBackendConfig.DEFAULT_INITIAL_BACKOFF;
        Duration maxBackoff = HttpBackendConfig.DEFAULT_MAX_BACKOFF;
        Duration maxRetryAfter = HttpBackendConfig.DEFAULT_MAX_RETRY_AFTER;
        int maxConnections = HttpBackendConfig.DEFAULT_MAX_CONNECTIONS;
        int maxConnectionsPerRoute = HttpBackendConfig.DEFAULT_MAX_CONNECTIONS_PER_ROUTE;
        int uploadThreads = HttpBackendConfig.DEFAULT_UPLOAD_THREADS;
        int workerThreads = HttpBackendConfig.DEFAULT_WORKER_THREADS;
        long maxResponseBytes = HttpBackendConfig.DEFAULT_MAX_RESPONSE_BYTES;
        Duration responseWait;

        private Builder() {
        }

        /** The key ({@code sk_...}) sent as {@code Authorization: Bearer}. */
        public Builder apiKey(String key) {
            this.apiKey = key;
            return this;
        }

        /** Defaults to {@code https://api.sailresearch.com/v1}; {@code http} only to loopback. */
        public Builder baseUrl(URI url) {
            this.baseUrl = url;
            return this;
        }

        public Builder baseUrl(String url) {
            try {
                this.baseUrl = url == null ? null : new URI(url.trim());
            } catch (java.net.URISyntaxException e) {
                throw new InvalidRequestException(Violation.of("base_url", "must be a valid URL", e.getReason()));
            }
            return this;
        }

        /** Reads {@code SAIL_API_KEY} and {@code SAIL_BASE_URL} (when set) from the environment. */
        public Builder fromEnv() {
            return fromEnv(System.getenv());
        }

        Builder fromEnv(Map<String, String> env) {
            HttpBackendConfig.env(env, HttpBackendConfig.ENV_API_KEY).ifPresent(this::apiKey);
            HttpBackendConfig.env(env, HttpBackendConfig.ENV_BASE_URL).ifPresent(this::baseUrl);
            return this;
        }

        /** Time to open a TCP (and TLS) connection. */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        /** Per attempt: how long a JSON call waits for the answer (the socket's inactivity limit). */
        public Builder responseTimeout(Duration value) {
            this.responseTimeout = value;
            return this;
        }

        /** An upload attempt fails when no byte has moved for this long; there is no total limit. */
        public Builder uploadStallTimeout(Duration value) {
            this.uploadStallTimeout = value;
            return this;
        }

        /** Retries after the first attempt (0 turns retrying off). */
        public Builder maxRetries(int value) {
            this.maxRetries = value;
            return this;
        }

        /** Exponential backoff with full jitter: the n-th wait is uniform in [0, min(max, initial * 2^(n-1))]. */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** The longest {@code Retry-After} obeyed; a longer one is waited only this long. */
        public Builder maxRetryAfter(Duration value) {
            this.maxRetryAfter = value;
            return this;
        }

        /** Connections in the JSON pool, in total. */
        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        /** Connections in the JSON pool per host (Sail is one host, so this usually equals the total). */
        public Builder maxConnectionsPerRoute(int value) {
            this.maxConnectionsPerRoute = value;
            return this;
        }

        /** Uploads running at once; more wait their turn. */
        public Builder uploadThreads(int value) {
            this.uploadThreads = value;
            return this;
        }

        /** Threads for retry delays, polling and completing futures (never blocked on I/O). */
        public Builder workerThreads(int value) {
            this.workerThreads = value;
            return this;
        }

        /** Larger answers fail as invalid instead of being buffered. */
        public Builder maxResponseBytes(long value) {
            this.maxResponseBytes = value;
            return this;
        }

        /** How long background responses are waited for when a request sets no timeout; null = by window. */
        public Builder responseWait(Duration value) {
            this.responseWait = value;
            return this;
        }

        /** The checked configuration; {@link InvalidRequestException} lists every bad setting. */
        public HttpBackendConfig config() {
            return new HttpBackendConfig(this);
        }

        public HttpSailBackend build() {
            return new HttpSailBackend(config());
        }

        @Override
        public String toString() {
            return "HttpSailBackend.Builder[baseUrl=" + (baseUrl == null ? HttpBackendConfig.DEFAULT_BASE_URL : baseUrl)
                    + ", apiKey=" + (apiKey == null ? "unset" : "<redacted>") + "]";
        }
    }
}
