package io.sail4j.core.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

// Sampling parameters: max_tokens > 0, temperature in [0, 2], top_p in [0, 1]; every violation is listed at once.
class SamplingParamsTest {

    @ParameterizedTest(name = "max_tokens={0}, temperature={1}, top_p={2} is valid")
    @CsvSource({"1, 0.0, 0.0", "256, 1.0, 1.0", "2147483647, 2.0, 1.0", "16, 0.7, 0.95"})
    void valuesWithinTheDocumentedRangesAreAccepted(int maxTokens, double temperature, double topP) {
        SamplingParams params = new SamplingParams(maxTokens, temperature, topP, true);
        assertEquals(maxTokens, params.maxTokens());
        assertTrue(SamplingParams.check(maxTokens, temperature, topP).ok());
    }

    @ParameterizedTest(name = "max_tokens={0}, temperature={1}, top_p={2} breaks {3}")
    @CsvSource(delimiter = '|', value = {
            "0           | 1.0  | 1.0  | max_tokens",
            "-1          | 1.0  | 1.0  | max_tokens",
            "2147483648  | 1.0  | 1.0  | max_tokens",
            "1           | -0.01| 1.0  | temperature",
            "1           | 2.01 | 1.0  | temperature",
            "1           | NaN  | 1.0  | temperature",
            "1           | Infinity | 1.0 | temperature",
            "1           | 1.0  | -0.01| top_p",
            "1           | 1.0  | 1.01 | top_p",
            "1           | 1.0  | NaN  | top_p"})
    void eachRangeIsEnforcedNamingItsField(long maxTokens, double temperature, double topP, String field) {
        List<Violation> errors = SamplingParams.check(maxTokens, temperature, topP).errors();
        assertEquals(List.of(field), errors.stream().map(Violation::field).toList());
        if (maxTokens == (int) maxTokens) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> new SamplingParams((int) maxTokens, temperature, topP, false));
            assertTrue(e.names(field), e.getMessage());
        }
    }

    @Test
    void everyViolationIsListedAtOnce() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> new SamplingParams(0, 3.0, 1.5, true));
        assertEquals(List.of("max_tokens", "temperature", "top_p"), e.violations().stream().map(Violation::field).toList());
        assertTrue(e.getMessage().startsWith("3 violations:"), e.getMessage());
    }

    @Test
    void defaultsAreTheTokenCompletersAndWithersKeepTheRules() {
        SamplingParams params = SamplingParams.of(256);
        assertEquals(new SamplingParams(256, 1.0, 1.0, true), params);
        assertEquals(100, params.capped(100).maxTokens());
        assertEquals(256, params.capped(1000).maxTokens());
        assertEquals(0.7, params.withTemperature(0.7).temperature());
        assertEquals(0.9, params.withTopP(0.9).topP());
        assertEquals(false, params.withLogprobs(false).logprobs());
        assertThrows(InvalidRequestException.class, () -> params.withTemperature(2.5));
        assertThrows(InvalidRequestException.class, () -> params.withTopP(-1));
        assertThrows(InvalidRequestException.class, () -> params.capped(0));
    }
}
