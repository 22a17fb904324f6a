package io.sail4j.adapter.http;

import io.sail4j.core.model.CompletionWindow;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often a background response is polled, and how long it is waited for when the caller sets no
 * timeout, by completion window: {@code asap} answers in seconds, {@code priority} in about a minute,
 * {@code standard} in about five, {@code flex} whenever capacity allows. Delays grow by half each poll
 * up to a ceiling, with +-10% jitter so many waiting calls do not poll in lockstep.
 */
record PollSchedule(Duration first, Duration ceiling, Duration defaultWait) {
    static final PollSchedule ASAP = new PollSchedule(Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofMinutes(10));
    static final PollSchedule PRIORITY = new PollSchedule(Duration.ofMillis(100), Duration.ofSeconds(3), Duration.ofMinutes(30));
    static final PollSchedule STANDARD = new PollSchedule(Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofHours(2));
    static final PollSchedule FLEX = new PollSchedule(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofHours(24));

    static PollSchedule forWindow(CompletionWindow window) {
        if (window.equals(CompletionWindow.ASAP)) {
            return ASAP;
        }
        if (window.equals(CompletionWindow.PRIORITY)) {
            return PRIORITY;
        }
        if (window.equals(CompletionWindow.FLEX)) {
            return FLEX;
        }
        // standard, and windows Sail may add later: a middle course.
        return STANDARD;
    }

    /** The wait before poll number {@code poll} (0 = the first poll after creation). */
    Duration delay(int poll) {
        double grown = first.toNanos() * Math.pow(1.5, Math.min(poll, 60));
        double capped = Math.min(grown, ceiling.toNanos());
        double jittered = capped * (0.9 + 0.2 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofNanos((long) jittered);
    }
}
