package io.sail4j.core.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.InvalidAnswerException;
import io.sail4j.core.error.InvalidRequestException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

// A sample returns token ids, optional per-token logprobs (one per token), and a stop reason stop|length.
class SampledTokensTest {

    @ParameterizedTest(name = "{0} logprobs for 3 tokens is an invalid answer")
    @CsvSource({"0", "2", "4"})
    void logprobsMustHaveOneEntryPerToken(int count) {
        InvalidAnswerException e = assertThrows(InvalidAnswerException.class,
                () -> SampledTokens.of(new int[] {1, 2, 3}, new double[count], StopReason.STOP));
        assertTrue(e.getMessage().contains(count + " entries for 3 tokens"), e.getMessage());
    }

    @Test
    void logprobsAreOptionalAndCopied() {
        int[] tokens = {5, 6};
        double[] logprobs = {-0.1, -2.5};
        SampledTokens sample = SampledTokens.of(tokens, logprobs, StopReason.LENGTH);
        tokens[0] = 0;
        logprobs[0] = 0;
        assertArrayEquals(new int[] {5, 6}, sample.tokens());
        assertArrayEquals(new double[] {-0.1, -2.5}, sample.logprobs().orElseThrow());
        assertEquals(Optional.empty(), SampledTokens.of(new int[] {5}, null, StopReason.STOP).logprobs());
        assertEquals(SampledTokens.of(new int[] {5, 6}, new double[] {-0.1, -2.5}, StopReason.LENGTH), sample);
    }

    @ParameterizedTest
    @CsvSource({"stop, STOP", "length, LENGTH", "eos, ", "STOP, "})
    void stopReasonsAreStopOrLength(String wire, StopReason expected) {
        assertEquals(Optional.ofNullable(expected), StopReason.fromWire(wire));
    }

    // Prompt token ids go to Sail verbatim: at least one, none negative.
    @Test
    void modelInputHoldsAtLeastOneNonNegativeTokenId() {
        assertArrayEquals(new int[] {0, 163584}, ModelInput.of(0, 163584).toArray());
        assertEquals(ModelInput.of(1, 2), ModelInput.of(List.of(1, 2)));
        assertTrue(assertThrows(InvalidRequestException.class, ModelInput::of).names("input.token_ids"));
        assertTrue(assertThrows(InvalidRequestException.class, () -> ModelInput.of(4, -1)).names("input.token_ids[1]"));
    }
}
