package io.sail4j.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WaitAndRegistrationErrorsTest {

    @Test
    void validationTimeoutSaysWhatWasStillPending() {
        Map<String, String> pending = new LinkedHashMap<>();
        pending.put("moonshotai/Kimi-K2.6", "running");
        pending.put("acme/other", "none");
        ValidationTimeoutException e = new ValidationTimeoutException("funnier-v1", pending, 3, Duration.ofMillis(1500));

        assertInstanceOf(SailTimeoutException.class, e);
        assertEquals(Map.of("moonshotai/Kimi-K2.6", "running", "acme/other", "none"), e.pending());
        assertEquals(3, e.attempts());
        assertTrue(e.getMessage().contains("funnier-v1"), e.getMessage());
        assertTrue(e.getMessage().contains("moonshotai/Kimi-K2.6 (running), acme/other (none)"), e.getMessage());
        assertTrue(e.getMessage().contains("1500 ms and 3 checks"), e.getMessage());
    }

    @Test
    void incompleteRegistrationNamesTheFilesLeftOnSail() {
        ConflictException cause = new ConflictException(ApiError.of(409, "conflict_error", "lora name already exists"), false);
        IncompleteRegistrationException e = new IncompleteRegistrationException("funnier-v1", List.of("file-1", "file-2"), cause);

        assertSame(cause, e.getCause());
        assertEquals(List.of("file-1", "file-2"), e.leftoverFileIds());
        assertTrue(e.getMessage().contains("file-1, file-2"), e.getMessage());
        assertTrue(e.getMessage().contains("lora name already exists"), e.getMessage());
    }
}
