package io.sail4j.ports.in;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to wait for validation, like an AWS waiter: check at once, then after {@code initialDelay},
 * growing by {@code multiplier} up to {@code maxDelay} between checks, until {@code maxWait} has passed.
 * The last check happens at the deadline.
 */
public record ValidationWait(Duration maxWait, Duration initialDelay, Duration maxDelay, double multiplier) {
    /** 30 minutes; validation of a large LoRA loads it on a serving replica. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(30);
    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);
    public static final double DEFAULT_MULTIPLIER = 1.5;

    public ValidationWait {
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        List<Violation> violations = new ArrayList<>();
        if (maxWait.isNegative()) {
            violations.add(Violation.of("max_wait", "must not be negative", maxWait));
        }
        if (initialDelay.isNegative() || initialDelay.isZero()) {
            violations.add(Violation.of("initial_delay", "must be positive", initialDelay));
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            violations.add(Violation.of("max_delay", "must be at least initial_delay " + initialDelay, maxDelay));
        }
        if (!(multiplier >= 1.0)) {
            violations.add(Violation.of("multiplier", "must be at least 1", multiplier));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
    }

    public static ValidationWait defaults() {
        return new ValidationWait(DEFAULT_MAX_WAIT, DEFAULT_INITIAL_DELAY, DEFAULT_MAX_DELAY, DEFAULT_MULTIPLIER);
    }

    /** The defaults with another deadline. */
    public static ValidationWait upTo(Duration maxWait) {
        return defaults().withMaxWait(maxWait);
    }

    public ValidationWait withMaxWait(Duration value) {
        return new ValidationWait(value, initialDelay, maxDelay.compareTo(initialDelay) < 0 ? initialDelay : maxDelay, multiplier);
    }

    /** Backoff from {@code initial} to {@code max}, multiplying by {@code factor}. */
    public ValidationWait withBackoff(Duration initial, Duration max, double factor) {
        return new ValidationWait(maxWait, initial, max, factor);
    }
}
