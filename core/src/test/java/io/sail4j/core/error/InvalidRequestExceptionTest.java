package io.sail4j.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

// Rule violations carry every violation found (field, rule, value), not just the first.
class InvalidRequestExceptionTest {

    @Test
    void oneViolationReadsAsFieldRuleAndValue() {
        InvalidRequestException e = new InvalidRequestException(Violation.of("name", "must be 2-64 characters", "a"));
        assertEquals("name: must be 2-64 characters (got a)", e.getMessage());
        assertInstanceOf(SailException.class, e);
        assertInstanceOf(RuntimeException.class, e);
    }

    @Test
    void everyViolationIsListedInTheMessageAndKept() {
        List<Violation> violations = List.of(Violation.of("max_tokens", "must be a positive integer", 0),
                Violation.of("temperature", "must be between 0 and 2", 3.0), Violation.of("metadata.n", "must be a string"));
        InvalidRequestException e = new InvalidRequestException(violations);
        assertEquals(violations, e.violations());
        assertEquals("3 violations:\n  - max_tokens: must be a positive integer (got 0)"
                + "\n  - temperature: must be between 0 and 2 (got 3.0)\n  - metadata.n: must be a string", e.getMessage());
        assertTrue(e.names("temperature"));
        assertFalse(e.names("top_p"));
    }

    @Test
    void aLongListIsSummarisedInTheMessageButKeptWhole() {
        List<Violation> violations = IntStream.range(0, 30).mapToObj(i -> Violation.of("f" + i, "broken")).toList();
        InvalidRequestException e = new InvalidRequestException(violations);
        assertEquals(30, e.violations().size());
        assertTrue(e.getMessage().contains("f24: broken"), e.getMessage());
        assertFalse(e.getMessage().contains("f25: broken"), e.getMessage());
        assertTrue(e.getMessage().endsWith("... and 5 more"), e.getMessage());
    }

    @Test
    void theViolationsAreAnImmutableCopyAndNeverEmpty() {
        List<Violation> source = new ArrayList<>(List.of(Violation.of("a", "broken")));
        InvalidRequestException e = new InvalidRequestException(source);
        source.add(Violation.of("b", "broken"));
        assertEquals(1, e.violations().size());
        assertThrows(UnsupportedOperationException.class, () -> e.violations().add(Violation.of("c", "x")));
        assertThrows(IllegalArgumentException.class, () -> new InvalidRequestException(List.of()));
    }

    @Test
    void longValuesAreShortened() {
        Violation violation = Violation.of("name", "too long", "x".repeat(500));
        assertEquals(123, violation.value().length());
        assertTrue(violation.value().endsWith("..."));
    }

    @ParameterizedTest(name = "HTTP {0} is a {1}")
    @CsvSource({"400, BadRequestException", "413, BadRequestException", "422, BadRequestException",
            "401, AuthenticationException", "403, AuthenticationException", "404, NotFoundException",
            "409, ConflictException", "429, RateLimitedException", "500, ServerException", "503, ServerException"})
    void sailErrorsMapToOneSubtypePerStatusClass(int status, String subtype) {
        SailApiException e = SailApiException.forError(ApiError.of(status, "invalid_request_error", "nope"));
        assertEquals(subtype, e.getClass().getSimpleName());
        assertEquals(status, e.status());
        assertFalse(e.retried());
        assertTrue(e.asRetried().retried());
        assertEquals(e.getClass(), e.asRetried().getClass());
    }
}
