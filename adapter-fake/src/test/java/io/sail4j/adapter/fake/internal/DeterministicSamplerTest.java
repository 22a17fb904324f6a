package io.sail4j.adapter.fake.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.adapter.fake.ToyVocabulary;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.SamplingParams;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.core.sampling.StopReason;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeterministicSamplerTest {
    private static final int[] PROMPT = ToyVocabulary.encode("Question: 2+2?\nAnswer:");

    private static SampledTokens sample(String identity, SamplingParams params, StopCondition stop, long seed) {
        return DeterministicSampler.sample(identity, 163_840, PROMPT, params, stop, seed);
    }

    @Test
    void everyInputOfTheSampleChangesIt() {
        SampledTokens base = sample("kimi", SamplingParams.of(32), StopCondition.none(), 0);
        assertEquals(base, sample("kimi", SamplingParams.of(32), StopCondition.none(), 0));
        assertNotEquals(base, sample("kimi+lora", SamplingParams.of(32), StopCondition.none(), 0));
        assertNotEquals(base, sample("kimi", SamplingParams.of(32).withTemperature(0.7), StopCondition.none(), 0));
        assertNotEquals(base, sample("kimi", SamplingParams.of(32).withTopP(0.9), StopCondition.none(), 0));
        assertNotEquals(base, sample("kimi", SamplingParams.of(32), StopCondition.none(), 1));
    }

    @Test
    void tokensStayInTheVocabularyAndMostAreText() {
        int[] tokens = sample("kimi", SamplingParams.of(2000), StopCondition.none(), 0).tokens();
        assertTrue(Arrays.stream(tokens).allMatch(t -> t >= 0 && t < 163_840));
        long text = Arrays.stream(tokens).filter(t -> t < ToyVocabulary.BYTE_TOKENS).count();
        assertTrue(text > 1800, "mostly byte tokens: " + text);
    }

    @Test
    void aStopStringIsMatchedOnTheDecodedBytes() {
        SampledTokens sampled = sample("kimi", SamplingParams.of(500), StopCondition.strings("\n\n"), 0);
        assertEquals(StopReason.STOP, sampled.stopReason());
        assertTrue(ToyVocabulary.decode(sampled.tokens()).endsWith("\n\n"));
        assertEquals(1, ToyVocabulary.decode(sampled.tokens()).split("\n\n", -1).length - 1, "stops at the first match");
    }

    @Test
    void theToyVocabularyIsBytes() {
        assertEquals("[72, 105, 10]", Arrays.toString(ToyVocabulary.encode("Hi\n")));
        assertEquals("Hi", ToyVocabulary.decode(new int[] {72, 300, 105}));
        assertEquals(2, ToyVocabulary.count("é"));
    }

    @Test
    void textIsCutAtTheTokenLimit() {
        DeterministicSampler.Text text = DeterministicSampler.text("kimi", "hello", 1.0, 1.0, 0, 10);
        assertEquals(10, ToyVocabulary.count(text.text()));
        assertTrue(text.truncated());
        assertTrue(!DeterministicSampler.text("kimi", "hello", 1.0, 1.0, 0, 10_000).truncated());
    }
}
