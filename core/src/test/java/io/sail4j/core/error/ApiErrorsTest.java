package io.sail4j.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.rules.RequestRules;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {

    @Test
    void aSingleViolationAnswersWithTheRuleVerbatimSoDocumentedMessagesSurvive() {
        ApiError error = ApiErrors.invalidRequest(Violation.of("completion_window", RequestRules.ASAP_WITH_LORA, "asap"));
        assertEquals("lora requests cannot use completion_window=asap", error.message());
        assertEquals("completion_window", error.param());
        assertInstanceOf(BadRequestException.class, SailApiException.forError(error));
    }

    @Test
    void severalViolationsAreListedInOneMessage() {
        ApiError error = ApiErrors.invalidRequest(List.of(Violation.of("a", "rule one"), Violation.of("b", "rule two", 3)));
        assertEquals("a: rule one; b: rule two (got 3)", error.message());
        assertEquals("a", error.param());
    }

    @Test
    void unknownLoraIsA404WithSailsMessage() {
        SailApiException e = SailApiException.forError(ApiErrors.loraNotFound("funnier-v1"));
        assertInstanceOf(NotFoundException.class, e);
        assertEquals("lora not found: funnier-v1", e.error().message());
    }

    @Test
    void duplicateNameIsAConflictAndReusedKeyAnIdempotencyError() {
        assertInstanceOf(ConflictException.class, SailApiException.forError(ApiErrors.loraNameTaken("x1")));
        ApiError reused = ApiErrors.idempotencyKeyReused();
        assertEquals(400, reused.status());
        assertEquals("idempotency_error", reused.type());
    }

    @Test
    void idempotencyKeysAreShortPrintableAscii() {
        assertTrue(ApiErrors.idempotencyKeyViolation("k-1").isEmpty());
        assertTrue(ApiErrors.idempotencyKeyViolation("").isPresent());
        assertTrue(ApiErrors.idempotencyKeyViolation("a b").isPresent());
        assertTrue(ApiErrors.idempotencyKeyViolation("x".repeat(256)).isPresent());
        assertTrue(ApiErrors.idempotencyKeyViolation("x".repeat(255)).isEmpty());
    }
}
