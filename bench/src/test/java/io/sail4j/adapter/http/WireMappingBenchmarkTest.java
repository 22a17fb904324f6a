package io.sail4j.adapter.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.sail4j.core.sampling.SampledTokens;
import org.junit.jupiter.api.Test;

// The per-call overhead benchmark compares like with like: both sides write the same request JSON and
// read the same tokens, logprobs and stop reason out of the same answer.
class WireMappingBenchmarkTest {
    final WireMappingBenchmark benchmark = new WireMappingBenchmark();

    WireMappingBenchmarkTest() {
        benchmark.setUp();
    }

    @Test
    void bothRequestsAreTheSameJson() throws Exception {
        JsonNode sail4j = WireMappingBenchmark.PLAIN.readTree(benchmark.requestSail4j());
        JsonNode plain = WireMappingBenchmark.PLAIN.readTree(benchmark.requestPlainJackson());

        assertEquals(plain, sail4j);
        assertEquals(WireMappingBenchmark.PROMPT_TOKENS, sail4j.path("input").path(0).path("token_ids").size());
    }

    @Test
    void bothAnswersHoldTheSameTokens() throws Exception {
        SampledTokens sail4j = benchmark.answerSail4j();
        WireMappingBenchmark.PlainOutput plain = benchmark.answerPlainJackson().output().get(0);

        assertEquals(WireMappingBenchmark.ANSWER_TOKENS, sail4j.length());
        assertArrayEquals(plain.tokenIds(), sail4j.tokens());
        assertArrayEquals(plain.logprobs(), sail4j.logprobs().orElseThrow());
        assertEquals(plain.stopReason(), sail4j.stopReason().wireName());
    }
}
