package io.sail4j.adapter.tinker;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import io.sail4j.core.error.CompletionFailures;
import io.sail4j.core.error.InvalidAnswerException;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.SailApiException;
import io.sail4j.core.error.SailException;
import io.sail4j.core.error.SailTimeoutException;
import io.sail4j.core.error.TransportException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.rules.EndpointRules;
import io.sail4j.core.error.Findings;
import io.sail4j.core.rules.TinkerRules;
import io.sail4j.core.tinker.SignedCheckpointUrl;
import io.sail4j.core.tinker.TinkerPath;
import io.sail4j.ports.out.CheckpointUrlSource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CheckpointUrlSource} over Tinker's REST API: the Java twin of
 * {@code sail.get_tinker_checkpoint_signed_url_async}.
 *
 * <p>For a {@code tinker://<run>/sampler_weights/<name>} path it optionally sets the checkpoint's TTL
 * ({@code PUT .../checkpoints/{id}/ttl}), then asks for the archive ({@code GET .../checkpoints/{id}/archive})
 * without following the redirect: the signed URL is the {@code Location} and its expiry the
 * {@code Expires} header, or the {@code url}/{@code expires} fields of a JSON answer; with no readable
 * expiry the URL is taken to live 15 minutes. Building the archive can take minutes: 503 ("still
 * building") is retried patiently until the call's deadline, with progress in the debug log; 408, 429,
 * 5xx and connection failures are retried with jittered backoff; 400/401/403/404 surface at once as
 * the typed exceptions of {@code io.sail4j.core.error}, carrying Tinker's message. Past the deadline
 * the future fails with {@link SailTimeoutException} and the request in flight is cancelled.
 *
 * <p>Uses HttpClient 5's async client: resolving waits on Tinker for minutes at a time and an RL loop
 * may resolve many checkpoints at once, so no thread is parked per waiting call, and cancelling an
 * exchange (at the deadline, or by the caller) aborts it on the wire. Answers are a redirect or a small
 * JSON object, so nothing needs a streaming body.
 *
 * <p>Neither the API key nor a signed URL's query string appears in logs, exception messages or
 * {@link #toString()}. (HttpClient's own wire and header loggers, {@code org.apache.hc.client5.http.wire}
 * and {@code .headers}, print whatever is sent: keep them off in production.) Thread-safe; close it to
 * release connections and threads.
 */
public final class TinkerRestCheckpoints implements CheckpointUrlSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TinkerRestCheckpoints.class);

    public static final String API_KEY_ENV = "TINKER_API_KEY";
    public static final String BASE_URL_ENV = "TINKER_BASE_URL";
    public static final URI DEFAULT_BASE_URL = URI.create("https://tinker.thinkingmachines.dev/services/tinker-prod");
    /** How long a URL is taken to live when Tinker does not say. */
    public static final Duration DEFAULT_URL_LIFETIME = TinkerAnswers.DEFAULT_URL_LIFETIME;

    private static final String USER_AGENT = "sail4j-tinker/0.1.0";
    private static final int MAX_ANSWER_BYTES = 1 << 20;
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(1);

    private final URI baseUrl;
    private final String apiKey;
    private final Clock clock;
    private final Duration deadline;
    private final Duration buildingDelay;
    private final Duration buildingMaxDelay;
    private final Duration retryDelay;
    private final Duration retryMaxDelay;
    private final int maxRetries;
    private final Executor callbackExecutor;
    private final ObjectMapper json = new ObjectMapper();
    private final TinkerAnswers answers;
    private final PoolingAsyncClientConnectionManager pool;
    private final CloseableHttpAsyncClient http;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<Call> active = ConcurrentHashMap.newKeySet();
    private final Set<Future<?>> exchanges = ConcurrentHashMap.newKeySet();

    private TinkerRestCheckpoints(Builder b) {
        this.baseUrl = b.baseUrl;
        this.apiKey = b.apiKey;
        this.clock = b.clock;
        this.deadline = b.deadline;
        this.buildingDelay = b.buildingDelay;
        this.buildingMaxDelay = b.buildingMaxDelay;
        this.retryDelay = b.retryDelay;
        this.retryMaxDelay = b.retryMaxDelay;
        this.maxRetries = b.maxRetries;
        this.callbackExecutor = b.callbackExecutor;
        this.answers = new TinkerAnswers(json, apiKey);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sail4j-tinker-retries");
            thread.setDaemon(true);
            return thread;
        });
        ConnectionConfig connections = ConnectionConfig.custom()
                .setConnectTimeout(b.connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .setSocketTimeout((int) Math.min(Integer.MAX_VALUE, b.readTimeout.toMillis()), TimeUnit.MILLISECONDS)
                .build();
        this.pool = PoolingAsyncClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(connections)
                .setMaxConnPerRoute(b.maxConnections)
                .setMaxConnTotal(b.maxConnections)
                .build();
        this.http = HttpAsyncClients.custom()
                .setConnectionManager(pool)
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(b.readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                        .build())
                // The archive answer is a redirect to the signed URL itself: following it would download the archive.
                .disableRedirectHandling()
                // Failsafe owns retries, with the deadline and the 503 patience HttpClient knows nothing about.
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent(USER_AGENT)
                .build();
        this.http.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configured from {@code TINKER_API_KEY} (required) and {@code TINKER_BASE_URL} (optional). */
    public static TinkerRestCheckpoints fromEnv() {
        return builder().fromEnv(System.getenv()).build();
    }

    /** Resolves with the default deadline (see {@link Builder#deadline}). */
    @Override
    public CompletableFuture<SignedCheckpointUrl> signedUrl(TinkerPath path, Optional<Duration> ttl) {
        return signedUrl(path, ttl, deadline);
    }

    /** Parses {@code tinkerPath} first: a malformed path fails the future before any request is sent. */
    public CompletableFuture<SignedCheckpointUrl> signedUrl(String tinkerPath, Optional<Duration> ttl) {
        TinkerPath path;
        try {
            path = TinkerPath.parse(tinkerPath);
        } catch (InvalidRequestException e) {
            return CompletableFuture.failedFuture(e);
        }
        return signedUrl(path, ttl, deadline);
    }

    /**
     * Sets the TTL when {@code ttl} is given, then resolves the signed archive URL, retrying a
     * still-building archive until {@code deadline} has passed. Cancelling the future cancels the call.
     */
    public CompletableFuture<SignedCheckpointUrl> signedUrl(TinkerPath path, Optional<Duration> ttl, Duration deadline) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(ttl, "ttl");
        Findings.Collector found = new Findings.Collector();
        ttl.ifPresent(value -> found.add(TinkerRules.checkTtl(value)));
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            found.error("deadline", "must be a positive duration", deadline);
        }
        Findings findings = found.findings();
        if (!findings.ok()) {
            return CompletableFuture.failedFuture(new InvalidRequestException(findings.errors()));
        }
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("TinkerRestCheckpoints is closed"));
        }
        Call call = new Call(path, deadline, System.nanoTime() + deadline.toNanos());
        active.add(call);
        if (closed.get()) {
            call.stop(true);
        }
        CompletableFuture<Void> ttlSet = ttl.isPresent()
                ? call.run("set TTL of " + path, () -> putTtl(path, TinkerRules.ttlSeconds(ttl.get())),
                        response -> {
                            answers.expectSuccess(response, "set TTL of " + path, clock.instant());
                            return null;
                        }, false)
                : CompletableFuture.completedFuture(null);
        URI archiveUri = archiveUri(path);
        CompletableFuture<SignedCheckpointUrl> resolved = ttlSet.thenCompose(done -> call.run("archive of " + path,
                () -> getArchive(path),
                response -> answers.archiveUrl(response, archiveUri, "archive of " + path, clock.instant()), true));
        CompletableFuture<SignedCheckpointUrl> result = new CompletableFuture<>();
        resolved.whenCompleteAsync((url, error) -> {
            if (error == null) {
                LOG.debug("Resolved {} to {}", path, url);
                result.complete(url);
            } else {
                result.completeExceptionally(call.surface(error));
            }
        }, callbackExecutor);
        result.whenComplete((url, error) -> {
            active.remove(call);
            if (result.isCancelled()) {
                call.stop(false);
            }
        });
        return result;
    }

    /** Releases connections and threads; calls in flight fail with {@link TransportException}. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            // Abort exchanges and drop every connection first: a graceful shutdown would otherwise wait
            // (up to HttpClient's 5 s) for Tinker to answer; GRACEFUL then winds the I/O reactor down in
            // order, where IMMEDIATE makes it log a ClosedSelectorException.
            active.forEach(call -> call.stop(true));
            exchanges.forEach(exchange -> exchange.cancel(true));
            pool.close(CloseMode.IMMEDIATE);
            http.close(CloseMode.GRACEFUL);
            scheduler.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "TinkerRestCheckpoints[" + baseUrl + ", apiKey=<redacted>, deadline=" + deadline + "]";
    }

    private SimpleHttpRequest putTtl(TinkerPath path, long seconds) {
        return SimpleRequestBuilder.put(checkpointUri(path, "ttl"))
                .setHeader("X-API-Key", apiKey)
                .setHeader("Accept", "application/json")
                .setBody("{\"ttl_seconds\":" + seconds + "}", ContentType.APPLICATION_JSON)
                .build();
    }

    private SimpleHttpRequest getArchive(TinkerPath path) {
        return SimpleRequestBuilder.get(archiveUri(path))
                .setHeader("X-API-Key", apiKey)
                // What Tinker's own client asks for, plus the JSON form this adapter also reads.
                .setHeader("Accept", "application/gzip, application/json")
                .build();
    }

    private URI archiveUri(TinkerPath path) {
        return checkpointUri(path, "archive");
    }

    /** {@code .../training_runs/{run}/checkpoints/sampler_weights/{name}/{leaf}}: the checkpoint id's slash stays a slash. */
    private URI checkpointUri(TinkerPath path, String leaf) {
        String base = baseUrl.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/api/v1/training_runs/" + segment(path.runId()) + "/checkpoints/"
                + path.kind().segment() + "/" + segment(path.name()) + "/" + leaf);
    }

    /** Percent-encodes a path segment, keeping the characters run ids use ({@code :}) readable. */
    static String segment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == ':' || c == '@') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private CompletableFuture<SimpleHttpResponse> send(SimpleHttpRequest request) {
        CompletableFuture<SimpleHttpResponse> response = new CompletableFuture<>();
        Future<SimpleHttpResponse> exchange = http.execute(SimpleRequestProducer.create(request),
                new BoundedResponseConsumer(MAX_ANSWER_BYTES), new FutureCallback<>() {
                    @Override
                    public void completed(SimpleHttpResponse result) {
                        response.complete(result);
                    }

                    @Override
                    public void failed(Exception error) {
                        response.completeExceptionally(error);
                    }

                    @Override
                    public void cancelled() {
                        response.cancel(false);
                    }
                });
        exchanges.add(exchange);
        response.whenComplete((result, error) -> {
            exchanges.remove(exchange);
            if (response.isCancelled()) {
                exchange.cancel(true);
            }
        });
        return response;
    }

    /** One resolution: its deadline, what it last heard, and the Failsafe execution in flight. */
    private final class Call {
        private final TinkerPath path;
        private final Duration deadline;
        private final long deadlineNanos;
        private final AtomicInteger attempts = new AtomicInteger();
        private final AtomicInteger buildingRetries = new AtomicInteger();
        private final AtomicInteger transientRetries = new AtomicInteger();
        private volatile RetrySignal lastSignal;
        private volatile String operation = "";
        private volatile CompletableFuture<?> current;
        private volatile boolean cancelled;
        private volatile boolean clientClosed;

        Call(TinkerPath path, Duration deadline, long deadlineNanos) {
            this.path = path;
            this.deadline = deadline;
            this.deadlineNanos = deadlineNanos;
        }

        <T> CompletableFuture<T> run(String operation, Supplier<SimpleHttpRequest> request,
                Function<SimpleHttpResponse, T> read, boolean waitWhileBuilding) {
            this.operation = operation;
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                return CompletableFuture.failedFuture(new TimeoutExceededException(Timeout.of(deadline)));
            }
            List<dev.failsafe.Policy<T>> policies = new ArrayList<>();
            policies.add(Timeout.of(Duration.ofNanos(remaining)));
            if (waitWhileBuilding) {
                policies.add(RetryPolicy.<T>builder()
                        .handle(RetrySignal.StillBuilding.class)
                        .withMaxRetries(-1)
                        .withDelayFn(ctx -> buildingDelay(ctx.getLastException()))
                        .onRetryScheduled(event -> LOG.debug(
                                "Tinker is still building the archive of {}: {} tries so far, {}s elapsed, {}s left; next try in {} ms",
                                path, event.getAttemptCount(), event.getElapsedTime().toSeconds(),
                                Math.max(0, TimeUnit.NANOSECONDS.toSeconds(deadlineNanos - System.nanoTime())),
                                event.getDelay().toMillis()))
                        .build());
            }
            policies.add(RetryPolicy.<T>builder()
                    .handle(RetrySignal.Transient.class)
                    .withMaxRetries(maxRetries)
                    .withDelayFn(ctx -> transientDelay(ctx.getLastException()))
                    .onRetryScheduled(event -> LOG.debug("{}; retry {} of {} in {} ms",
                            event.getLastException() == null ? "Tinker " + operation + " failed" : event.getLastException().getMessage(),
                            transientRetries.get(), maxRetries, event.getDelay().toMillis()))
                    .build());
            CompletableFuture<T> execution = Failsafe.with(policies).with(scheduler).getStageAsync(ctx -> {
                attempts.incrementAndGet();
                CompletableFuture<SimpleHttpResponse> exchange = send(request.get());
                ctx.onCancel(() -> exchange.cancel(true));
                CompletableFuture<T> outcome = new CompletableFuture<>();
                exchange.whenComplete((response, error) -> {
                    try {
                        if (error != null) {
                            throw transportFailure(operation, error);
                        }
                        outcome.complete(read.apply(response));
                    } catch (RuntimeException failure) {
                        if (failure instanceof RetrySignal signal) {
                            lastSignal = signal;
                        }
                        outcome.completeExceptionally(failure);
                    }
                });
                return outcome;
            });
            current = execution;
            if (cancelled) {
                execution.cancel(true);
            }
            return execution;
        }

        private RuntimeException transportFailure(String operation, Throwable error) {
            Throwable cause = CompletionFailures.unwrap(error);
            if (cause instanceof CancellationException cancellation) {
                return cancellation;
            }
            if (cause instanceof BoundedResponseConsumer.TooLarge tooLarge) {
                return new InvalidAnswerException("Tinker " + operation + ": " + tooLarge.getMessage(), tooLarge);
            }
            String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            return new RetrySignal.Transient(new TransportException("Tinker " + operation + " failed: " + reason, cause, false), null);
        }

        private Duration buildingDelay(Throwable last) {
            int retry = buildingRetries.incrementAndGet();
            Duration patient = exponential(buildingDelay, buildingMaxDelay, 1.5, retry);
            return retryAfterOr(last, patient, buildingMaxDelay);
        }

        private Duration transientDelay(Throwable last) {
            int retry = transientRetries.incrementAndGet();
            Duration backoff = exponential(retryDelay, retryMaxDelay, 2.0, retry);
            // "Equal jitter": half fixed, half random, so callers failing together spread out.
            long half = Math.max(1, backoff.toNanos() / 2);
            Duration jittered = Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(half + 1));
            return retryAfterOr(last, jittered, MAX_RETRY_AFTER);
        }

        private Duration retryAfterOr(Throwable last, Duration fallback, Duration cap) {
            if (last instanceof RetrySignal signal && signal.retryAfter().isPresent()) {
                Duration asked = signal.retryAfter().get();
                return asked.compareTo(cap) > 0 ? cap : asked;
            }
            return fallback;
        }

        /** Cancels the execution in flight; {@code clientClosed} when the cause is {@link TinkerRestCheckpoints#close()}. */
        void stop(boolean clientClosed) {
            this.clientClosed = clientClosed;
            cancelled = true;
            CompletableFuture<?> running = current;
            if (running != null) {
                running.cancel(true);
            }
        }

        /** What the caller sees: the typed failure, marked as retried when it was; a timeout past the deadline. */
        Throwable surface(Throwable error) {
            Throwable cause = CompletionFailures.unwrap(error);
            boolean retried = attempts.get() > 1;
            if (clientClosed) {
                return new TransportException("Tinker " + operation + " stopped: the client was closed", null, retried);
            }
            if (cause instanceof TimeoutExceededException) {
                RetrySignal last = lastSignal;
                String state = last instanceof RetrySignal.StillBuilding
                        ? "the archive was still being built after " + attempts.get() + " tries"
                        : last != null ? "last failure: " + last.failure().getMessage()
                        : "no answer yet";
                return new SailTimeoutException("Tinker " + operation + " did not finish within the deadline of "
                        + deadline + " (" + state + ")", last == null ? null : last.failure());
            }
            if (cause instanceof RetrySignal signal) {
                return retried ? asRetried(signal.failure()) : signal.failure();
            }
            if (cause instanceof SailException || cause instanceof CancellationException || cause instanceof IllegalStateException) {
                return cause;
            }
            return new TransportException("Tinker " + operation + " failed: " + cause, cause, retried);
        }
    }

    private static SailException asRetried(SailException failure) {
        if (failure instanceof SailApiException api) {
            return api.asRetried();
        }
        if (failure instanceof TransportException transport && !transport.retried()) {
            return new TransportException(transport.getMessage(), transport.getCause(), true);
        }
        return failure;
    }

    private static Duration exponential(Duration initial, Duration max, double factor, int retry) {
        double nanos = initial.toNanos() * Math.pow(factor, Math.max(0, retry - 1));
        return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
    }

    /**
     * Configures a {@link TinkerRestCheckpoints}. Every setting has a default except the API key.
     * Durations must be positive.
     */
    public static final class Builder {
        private URI baseUrl = DEFAULT_BASE_URL;
        private String baseUrlText;
        private String apiKey;
        private Clock clock = Clock.systemUTC();
        private Duration deadline = Duration.ofMinutes(10);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofMinutes(10);
        private Duration buildingDelay = Duration.ofSeconds(2);
        private Duration buildingMaxDelay = Duration.ofSeconds(30);
        private Duration retryDelay = Duration.ofMillis(500);
        private Duration retryMaxDelay = Duration.ofSeconds(10);
        private int maxRetries = 5;
        private int maxConnections = 16;
        private Executor callbackExecutor = ForkJoinPool.commonPool();

        private Builder() {
        }

        /** Tinker's API key ({@code tml-...}), sent as {@code X-API-Key}. */
        public Builder apiKey(String value) {
            this.apiKey = value;
            return this;
        }

        /** Tinker's base URL; default {@link TinkerRestCheckpoints#DEFAULT_BASE_URL}. Plain http only to loopback. */
        public Builder baseUrl(String value) {
            this.baseUrlText = value;
            return this;
        }

        public Builder baseUrl(URI value) {
            this.baseUrlText = value == null ? null : value.toString();
            return this;
        }

        /** Takes {@code TINKER_API_KEY} and, when set, {@code TINKER_BASE_URL} from {@code environment}. */
        public Builder fromEnv(Map<String, String> environment) {
            String key = environment.get(API_KEY_ENV);
            if (key != null && !key.isBlank()) {
                apiKey(key.strip());
            }
            String url = environment.get(BASE_URL_ENV);
            if (url != null && !url.isBlank()) {
                baseUrl(url.strip());
            }
            return this;
        }

        /** The clock that dates a URL whose answer gave no expiry; inject one in tests. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * How long {@link TinkerRestCheckpoints#signedUrl(TinkerPath, Optional)} may take in all, TTL call, building and
         * retries included; default 10 minutes.
         */
        public Builder deadline(Duration value) {
            this.deadline = value;
            return this;
        }

        /** Default 10 seconds. */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        /** How long one answer may keep us waiting; long, since Tinker may build the archive before answering. Default 10 minutes. */
        public Builder readTimeout(Duration value) {
            this.readTimeout = value;
            return this;
        }

        /** Delays between tries while the archive is still building: from {@code initial}, growing 1.5x to {@code max}; default 2 s to 30 s. */
        public Builder buildingBackoff(Duration initial, Duration max) {
            this.buildingDelay = initial;
            this.buildingMaxDelay = max;
            return this;
        }

        /** Jittered delays after 408/429/5xx or a connection failure: from {@code initial}, doubling to {@code max}; default 0.5 s to 10 s. */
        public Builder retryBackoff(Duration initial, Duration max) {
            this.retryDelay = initial;
            this.retryMaxDelay = max;
            return this;
        }

        /** How many times a call is retried after 408/429/5xx or a connection failure; default 5. */
        public Builder maxRetries(int value) {
            this.maxRetries = value;
            return this;
        }

        /** Connections kept to Tinker; default 16. */
        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        /** Where returned futures complete (never on HttpClient's I/O thread); default the common pool. */
        public Builder callbackExecutor(Executor value) {
            this.callbackExecutor = Objects.requireNonNull(value, "callbackExecutor");
            return this;
        }

        /** Checks every setting, listing all that are wrong, and starts the client. */
        public TinkerRestCheckpoints build() {
            Findings.Collector found = new Findings.Collector();
            if (apiKey == null || apiKey.isBlank()) {
                found.error(API_KEY_ENV, "must be set: pass apiKey(...) or set the " + API_KEY_ENV + " environment variable");
            } else if (!apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                found.error(API_KEY_ENV, "must be printable ASCII without spaces");
            }
            if (baseUrlText != null) {
                Findings url = EndpointRules.checkBaseUrl(BASE_URL_ENV, baseUrlText);
                found.add(url);
                if (url.ok()) {
                    baseUrl = URI.create(baseUrlText.strip());
                }
            }
            positive(found, "deadline", deadline);
            positive(found, "connectTimeout", connectTimeout);
            positive(found, "readTimeout", readTimeout);
            positive(found, "buildingBackoff.initial", buildingDelay);
            positive(found, "buildingBackoff.max", buildingMaxDelay);
            positive(found, "retryBackoff.initial", retryDelay);
            positive(found, "retryBackoff.max", retryMaxDelay);
            if (maxRetries < 0) {
                found.error("maxRetries", "must be zero or more", maxRetries);
            }
            if (maxConnections < 1) {
                found.error("maxConnections", "must be at least 1", maxConnections);
            }
            found.findings().orThrow();
            return new TinkerRestCheckpoints(this);
        }

        private static void positive(Findings.Collector found, String field, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                found.add(Findings.error(Violation.of(field, "must be a positive duration", value)));
            }
        }
    }
}
