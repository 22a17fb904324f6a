package io.sail4j.core.rules;

import io.sail4j.core.error.Findings;
import io.sail4j.core.error.Violation;
import java.time.Duration;

/** Rules on calls to Tinker that are not about the path ({@code io.sail4j.core.tinker.TinkerPath} checks that). */
public final class TinkerRules {

    private TinkerRules() {
    }

    /** A checkpoint TTL is a positive number of seconds ({@code ttl_seconds}). */
    public static Findings checkTtl(Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            return Findings.error(Violation.of("ttl_seconds", "must be a positive duration (at least 1 second)", ttl));
        }
        return Findings.none();
    }

    /** {@code ttl} in whole seconds as Tinker takes it, a partial second rounded up. */
    public static long ttlSeconds(Duration ttl) {
        checkTtl(ttl).orThrow();
        long seconds = ttl.getSeconds();
        return ttl.getNano() > 0 ? seconds + 1 : seconds;
    }
}
