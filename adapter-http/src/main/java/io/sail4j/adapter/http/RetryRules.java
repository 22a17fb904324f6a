package io.sail4j.adapter.http;

import dev.failsafe.ExecutionContext;
import dev.failsafe.RetryPolicy;
import io.sail4j.core.error.CompletionFailures;
import io.sail4j.core.error.RateLimitedException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one retry policy for calls to Sail: what is retried is {@link Failures#isRetryable}; the wait
 * is exponential backoff with full jitter, or the server's {@code Retry-After} capped at
 * {@code maxRetryAfter}.
 *
 * <p>Attempts fail with exceptions, never with "bad" results: Failsafe completes an execution whose
 * result-based retries ran out <em>normally</em> with the last result (failsafe#343), which would
 * turn a final 503 into a success. Mapping every error answer to an exception inside the attempt
 * avoids that trap.
 */
final class RetryRules {
    private static final Logger LOG = LoggerFactory.getLogger(RetryRules.class);

    /** Immediate re-sends of a request that never left its pooled connection. */
    static final int NOT_SENT_RETRIES = 8;

    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxRetryAfter;

    RetryRules(HttpBackendConfig config) {
        this(config.maxRetries(), config.initialBackoff(), config.maxBackoff(), config.maxRetryAfter());
    }

    RetryRules(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
        this.maxRetries = maxRetries;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.maxRetryAfter = maxRetryAfter;
    }

    /** The policy for one logical call named {@code what} (for logs). */
    <T> RetryPolicy<T> policy(String what) {
        return RetryPolicy.<T>builder()
                .handleIf((result, failure) -> failure != null && Failures.isRetryable(failure))
                .withMaxRetries(maxRetries)
                .withDelayFn(this::delay)
                .onRetryScheduled(event -> LOG.debug("{} attempt {} failed ({}); retrying in {} ms", what,
                        event.getAttemptCount(), summary(event.getLastException()), event.getDelay().toMillis()))
                .build();
    }

    /**
     * Sends a request that never left again at once, on another connection (up to
     * {@value #NOT_SENT_RETRIES} times per call), before {@link #policy} sees it: HttpClient leased a pooled
     * connection the server had just closed (servers cap their idle keep-alive connections; with
     * thousands in flight that race is common). Nothing reached Sail, so it is safe for any method,
     * says nothing about Sail's health, and takes no backoff nor any of the retries {@link #policy} allows.
     */
    <T> RetryPolicy<T> notSentPolicy(String what) {
        return RetryPolicy.<T>builder()
                .handleIf((result, failure) -> failure != null && Failures.wasNotSent(failure))
                .withMaxRetries(NOT_SENT_RETRIES)
                .onRetryScheduled(event -> LOG.debug("{} was not sent (pooled connection closed); sending it again",
                        what))
                .build();
    }

    /** How long to wait before the next attempt, given what the last one met. */
    Duration delay(ExecutionContext<?> context) {
        Throwable last = context.getLastException();
        if (CompletionFailures.unwrap(last) instanceof RateLimitedException limited && limited.retryAfter().isPresent()) {
            Duration asked = limited.retryAfter().get();
            return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
        }
        return backoff(context.getAttemptCount());
    }

    /** Full jitter: uniform in [0, min(maxBackoff, initial * 2^(attempts-1))]. */
    Duration backoff(int attemptsSoFar) {
        return Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling(attemptsSoFar).toNanos() + 1));
    }

    Duration ceiling(int attemptsSoFar) {
        int doublings = Math.max(0, Math.min(attemptsSoFar - 1, 30));
        Duration grown = initialBackoff.multipliedBy(1L << doublings);
        return grown.compareTo(maxBackoff) > 0 ? maxBackoff : grown;
    }

    int maxRetries() {
        return maxRetries;
    }

    static String summary(Throwable failure) {
        Throwable t = CompletionFailures.unwrap(failure);
        return t == null ? "no failure" : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
