package io.sail4j.core.rules;

import io.sail4j.core.error.Findings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.InvalidRequestException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

// A checkpoint TTL is positive; Tinker takes whole seconds, so a partial second rounds up rather than
// expiring the checkpoint early.
class TinkerRulesTest {

    @Test
    void aPositiveTtlIsWholeSecondsRoundedUp() {
        assertEquals(3600, TinkerRules.ttlSeconds(Duration.ofHours(1)));
        assertEquals(2, TinkerRules.ttlSeconds(Duration.ofMillis(1001)));
        assertEquals(1, TinkerRules.ttlSeconds(Duration.ofNanos(1)));
    }

    @Test
    void zeroNegativeOrMissingTtlIsRefusedNamingTtlSeconds() {
        for (Duration ttl : new Duration[] {Duration.ZERO, Duration.ofSeconds(-5), null}) {
            Findings findings = TinkerRules.checkTtl(ttl);
            assertFalse(findings.ok());
            assertEquals("ttl_seconds", findings.errors().get(0).field());
        }
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> TinkerRules.ttlSeconds(Duration.ZERO));
        assertTrue(e.names("ttl_seconds"));
    }
}
