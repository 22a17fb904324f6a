package io.sail4j.adapter.http;

import io.sail4j.core.rules.EndpointRules;
import io.sail4j.core.error.Findings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@link HttpSailBackend} is configured with; immutable and checked. Build one with
 * {@link HttpSailBackend#builder()} (or {@link #fromEnv()}); {@link #toString()} never shows the key.
 */
public final class HttpBackendConfig {
    /** Sail's public endpoint. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.sailresearch.com/v1");
    public static final String ENV_API_KEY = "SAIL_API_KEY";
    public static final String ENV_BASE_URL = "SAIL_BASE_URL";

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Per attempt: how long a JSON call waits for Sail to start answering. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofMinutes(10);
    /** An upload fails (and is retried) when no byte moved for this long. */
    public static final Duration DEFAULT_UPLOAD_STALL_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_RETRIES = 4;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(20);
    /** The longest {@code Retry-After} obeyed; longer ones are cut to this. */
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONNECTIONS = 4096;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ROUTE = 4096;
    public static final int DEFAULT_UPLOAD_THREADS = 4;
    public static final int DEFAULT_WORKER_THREADS = 2;
    /** Larger answers are refused as invalid, never buffered. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L * 1024 * 1024;

    private final String apiKey;
    private final URI baseUrl;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Duration uploadStallTimeout;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxRetryAfter;
    private final int maxConnections;
    private final int maxConnectionsPerRoute;
    private final int uploadThreads;
    private final int workerThreads;
    private final long maxResponseBytes;
    private final Duration responseWait;

    HttpBackendConfig(HttpSailBackend.Builder b) {
        Findings.Collector found = new Findings.Collector();
        if (b.apiKey == null || b.apiKey.isBlank()) {
            found.error("api_key", "is required: call apiKey(...) or set " + ENV_API_KEY);
        } else if (b.apiKey.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            found.error("api_key", "must be printable ASCII without spaces");
        }
        URI url = b.baseUrl == null ? DEFAULT_BASE_URL : b.baseUrl;
        found.add(EndpointRules.checkBaseUrl("base_url", url));
        positive(found, "connect_timeout", b.connectTimeout);
        positive(found, "response_timeout", b.responseTimeout);
        positive(found, "upload_stall_timeout", b.uploadStallTimeout);
        positive(found, "initial_backoff", b.initialBackoff);
        positive(found, "max_backoff", b.maxBackoff);
        notNegative(found, "max_retry_after", b.maxRetryAfter);
        if (b.responseWait != null) {
            positive(found, "response_wait", b.responseWait);
        }
        if (b.maxRetries < 0) {
            found.error("max_retries", "must be zero or more", b.maxRetries);
        }
        atLeastOne(found, "max_connections", b.maxConnections);
        atLeastOne(found, "max_connections_per_route", b.maxConnectionsPerRoute);
        atLeastOne(found, "upload_threads", b.uploadThreads);
        atLeastOne(found, "worker_threads", b.workerThreads);
        if (b.maxResponseBytes < 1024 || b.maxResponseBytes > Integer.MAX_VALUE - 8) {
            found.error("max_response_bytes", "must be between 1 KiB and 2 GiB", b.maxResponseBytes);
        }
        found.findings().orThrow();
        this.apiKey = b.apiKey;
        this.baseUrl = stripTrailingSlash(url);
        this.connectTimeout = b.connectTimeout;
        this.responseTimeout = b.responseTimeout;
        this.uploadStallTimeout = b.uploadStallTimeout;
        this.maxRetries = b.maxRetries;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.maxRetryAfter = b.maxRetryAfter;
        this.maxConnections = b.maxConnections;
        this.maxConnectionsPerRoute = b.maxConnectionsPerRoute;
        this.uploadThreads = b.uploadThreads;
        this.workerThreads = b.workerThreads;
        this.maxResponseBytes = b.maxResponseBytes;
        this.responseWait = b.responseWait;
    }

    /** A config from {@code SAIL_API_KEY} and, when set, {@code SAIL_BASE_URL}; defaults elsewhere. */
    public static HttpBackendConfig fromEnv() {
        return HttpSailBackend.builder().fromEnv().config();
    }

    /** A builder holding this config's values, to change a few. */
    public HttpSailBackend.Builder toBuilder() {
        return HttpSailBackend.builder()
                .apiKey(apiKey).baseUrl(baseUrl).connectTimeout(connectTimeout).responseTimeout(responseTimeout)
                .uploadStallTimeout(uploadStallTimeout).maxRetries(maxRetries).backoff(initialBackoff, maxBackoff)
                .maxRetryAfter(maxRetryAfter).maxConnections(maxConnections).maxConnectionsPerRoute(maxConnectionsPerRoute)
                .uploadThreads(uploadThreads).workerThreads(workerThreads).maxResponseBytes(maxResponseBytes)
                .responseWait(responseWait);
    }

    private static URI stripTrailingSlash(URI url) {
        String text = url.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
    }

    private static void positive(Findings.Collector found, String field, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            found.error(field, "must be a positive duration", value);
        }
    }

    private static void notNegative(Findings.Collector found, String field, Duration value) {
        if (value == null || value.isNegative()) {
            found.error(field, "must be zero or a positive duration", value);
        }
    }

    private static void atLeastOne(Findings.Collector found, String field, int value) {
        if (value < 1) {
            found.error(field, "must be at least 1", value);
        }
    }

    static Optional<String> env(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** The API key: send it, never print it. */
    public String apiKey() {
        return apiKey;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration responseTimeout() {
        return responseTimeout;
    }

    public Duration uploadStallTimeout() {
        return uploadStallTimeout;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public int maxConnectionsPerRoute() {
        return maxConnectionsPerRoute;
    }

    public int uploadThreads() {
        return uploadThreads;
    }

    public int workerThreads() {
        return workerThreads;
    }

    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    /**
     * How long a background response is waited for when the request sets no timeout; empty means a
     * default suited to its completion window.
     */
    public Optional<Duration> responseWait() {
        return Optional.ofNullable(responseWait);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HttpBackendConfig that && apiKey.equals(that.apiKey) && baseUrl.equals(that.baseUrl)
                && connectTimeout.equals(that.connectTimeout) && responseTimeout.equals(that.responseTimeout)
                && uploadStallTimeout.equals(that.uploadStallTimeout) && maxRetries == that.maxRetries
                && initialBackoff.equals(that.initialBackoff) && maxBackoff.equals(that.maxBackoff)
                && maxRetryAfter.equals(that.maxRetryAfter) && maxConnections == that.maxConnections
                && maxConnectionsPerRoute == that.maxConnectionsPerRoute && uploadThreads == that.uploadThreads
                && workerThreads == that.workerThreads && maxResponseBytes == that.maxResponseBytes
                && Objects.equals(responseWait, that.responseWait);
    }

    @Override
    public int hashCode() {
        return Objects.hash(apiKey, baseUrl, connectTimeout, responseTimeout, uploadStallTimeout, maxRetries);
    }

    @Override
    public String toString() {
        return "HttpBackendConfig[baseUrl=" + baseUrl + ", apiKey=<redacted>, connectTimeout=" + connectTimeout
                + ", responseTimeout=" + responseTimeout + ", uploadStallTimeout=" + uploadStallTimeout
                + ", maxRetries=" + maxRetries + ", backoff=" + initialBackoff + ".." + maxBackoff
                + ", maxRetryAfter=" + maxRetryAfter + ", maxConnections=" + maxConnections + "/" + maxConnectionsPerRoute
                + ", uploadThreads=" + uploadThreads + ", workerThreads=" + workerThreads
                + ", maxResponseBytes=" + maxResponseBytes + ", responseWait=" + (responseWait == null ? "by window" : responseWait) + "]";
    }
}
