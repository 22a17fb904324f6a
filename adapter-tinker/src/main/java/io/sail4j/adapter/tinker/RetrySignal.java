package io.sail4j.adapter.tinker;

import io.sail4j.core.error.SailException;
import java.time.Duration;
import java.util.Optional;

/**
 * Why an attempt should be tried again; Failsafe's retry policies match on these and they never leave
 * this package: the caller sees the {@link #failure()} they carry, or a timeout.
 */
abstract sealed class RetrySignal extends RuntimeException permits RetrySignal.StillBuilding, RetrySignal.Transient {
    private static final long serialVersionUID = 1L;
    private final transient Duration retryAfter;
    private final transient SailException failure;

    private RetrySignal(SailException failure, Throwable cause, Duration retryAfter) {
        super(failure.getMessage(), cause, false, false);
        this.failure = failure;
        this.retryAfter = retryAfter;
    }

    /** The delay the server asked for, if it sent {@code Retry-After}. */
    Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The failure to surface if this turns out to be the last attempt. */
    SailException failure() {
        return failure;
    }

    /** 503 on the archive: Tinker is still building it; come back later. */
    static final class StillBuilding extends RetrySignal {
        private static final long serialVersionUID = 1L;

        StillBuilding(SailException failure, Duration retryAfter) {
            super(failure, null, retryAfter);
        }
    }

    /** 408, 429, 5xx or a connection failure: likely to pass if tried again shortly. */
    static final class Transient extends RetrySignal {
        private static final long serialVersionUID = 1L;

        Transient(SailException failure, Duration retryAfter) {
            super(failure, failure, retryAfter);
        }
    }
}
