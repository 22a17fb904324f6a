package io.sail4j.core.tinker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.InvalidRequestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

// A Tinker path is tinker://<run-id>/(sampler_weights|weights)/<name>: exactly three parts after the
// scheme, and run ids may contain ':'.
class TinkerPathTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "tinker://run-123/sampler_weights/rl-step-7, run-123, SAMPLER_WEIGHTS, rl-step-7, sampler_weights/rl-step-7",
            "tinker://8f2a:train:0/sampler_weights/rl-step-7, 8f2a:train:0, SAMPLER_WEIGHTS, rl-step-7, sampler_weights/rl-step-7",
            "tinker://a:b/weights/final, a:b, WEIGHTS, final, weights/final"})
    void parsesRunIdsWithColons(String text, String runId, TinkerPath.Kind kind, String name, String checkpointId) {
        TinkerPath path = TinkerPath.parse(text);
        assertEquals(new TinkerPath(runId, kind, name), path);
        assertEquals(checkpointId, path.checkpointId());
        assertEquals(text, path.toString());
    }

    @ParameterizedTest(name = "{0} is refused under {1}")
    @CsvSource({
            "tinker://run/sampler_weights, tinker_path",
            "tinker://run/sampler_weights/a/b, tinker_path",
            "tinker://run, tinker_path",
            "https://run/sampler_weights/x, tinker_path",
            "TINKER://run/sampler_weights/x, tinker_path",
            "tinker://run/checkpoints/x, tinker_path.kind",
            "tinker://run/Sampler_Weights/x, tinker_path.kind",
            "tinker:///sampler_weights/x, tinker_path.run_id",
            "tinker://run/sampler_weights/, tinker_path.name"})
    void malformedPathsNameTheBadPart(String text, String field) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> TinkerPath.parse(text));
        assertEquals(1, e.violations().size());
        assertTrue(e.names(field), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"tinker://run/checkpoints/x, checkpoints"})
    void aBadKindIsNamedInTheMessage(String text, String kind) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> TinkerPath.parse(text));
        assertEquals("tinker_path.kind: must be sampler_weights or weights (got " + kind + ")", e.getMessage());
    }
}
