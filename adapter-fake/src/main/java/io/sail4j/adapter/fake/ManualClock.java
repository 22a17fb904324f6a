package io.sail4j.adapter.fake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/** A clock a test moves by hand, for the fake's timestamps ({@code created_at}, {@code updated_at}). Thread-safe. */
public final class ManualClock extends Clock {
    private volatile Instant now;

    public ManualClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /** Starts at 2026-01-01T00:00:00Z. */
    public static ManualClock startingAt2026() {
        return new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public synchronized Instant advance(Duration step) {
        now = now.plus(step);
        return now;
    }

    public void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant");
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.equals(ZoneOffset.UTC)) {
            return this;
        }
        throw new UnsupportedOperationException("a ManualClock runs in UTC");
    }
}
