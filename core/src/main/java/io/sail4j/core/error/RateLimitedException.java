package io.sail4j.core.error;

import java.time.Duration;
import java.util.Optional;

/** 429: rate limited; retried while Sail said when to come back, surfaced once retries ran out. */
public class RateLimitedException extends SailApiException {
    private static final long serialVersionUID = 1L;
    private final Duration retryAfter;

    public RateLimitedException(ApiError error, boolean retried) {
        this(error, retried, null);
    }

    public RateLimitedException(ApiError error, boolean retried, Duration retryAfter) {
        super(error, retried);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
