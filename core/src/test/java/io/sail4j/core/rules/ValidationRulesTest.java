package io.sail4j.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.lora.ValidationRecord;
import io.sail4j.core.lora.ValidationStatus;
import io.sail4j.core.model.ModelId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

// A request with a LoRA is rejected only when the latest validation for that model failed; pending,
// running and unverified stay usable; the model must be in supported_models. PATCH validates newly
// added models that have not already succeeded.
class ValidationRulesTest {
    static final ModelId KIMI = ModelId.of("moonshotai/Kimi-K2.6");
    static final ModelId OTHER = ModelId.of("acme/other-1");
    static final ModelId THIRD = ModelId.of("acme/third-2");
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static ValidationRecord record(String id, ModelId model, ValidationStatus status, int minute) {
        Instant at = T0.plusSeconds(60L * minute);
        return new ValidationRecord(id, model, status,
                status == ValidationStatus.FAILED ? Optional.of("shape_mismatch") : Optional.empty(),
                status == ValidationStatus.FAILED ? Optional.of("lora_A has the wrong shape") : Optional.empty(), at, at);
    }

    @ParameterizedTest(name = "latest {0}: usable")
    @EnumSource(value = ValidationStatus.class, names = {"PENDING", "RUNNING", "SUCCEEDED", "UNVERIFIED"})
    void everyLatestStatusButFailedIsUsable(ValidationStatus status) {
        ValidationRules.Usability usability = ValidationRules.usability(List.of(KIMI), List.of(record("v1", KIMI, status, 0)), KIMI);
        assertTrue(usability.usable(), usability.reason());
        assertEquals("v1", usability.latest().orElseThrow().id());
        assertTrue(usability.reason().contains(status.wireName()), usability.reason());
    }

    @Test
    void aLatestFailedValidationBlocksTheModelSayingWhy() {
        ValidationRules.Usability usability = ValidationRules.usability(List.of(KIMI),
                List.of(record("v1", KIMI, ValidationStatus.FAILED, 0)), KIMI);
        assertFalse(usability.usable());
        assertEquals("lora validation failed for model moonshotai/Kimi-K2.6 [shape_mismatch]: lora_A has the wrong shape",
                usability.reason());
    }

    @Test
    void noValidationYetIsUsable() {
        ValidationRules.Usability usability = ValidationRules.usability(List.of(KIMI), List.of(), KIMI);
        assertTrue(usability.usable());
        assertEquals(Optional.empty(), usability.latest());
    }

    static Stream<Arguments> histories() {
        return Stream.of(
                Arguments.of("failed, then succeeded: the later success wins",
                        List.of(record("v1", KIMI, ValidationStatus.FAILED, 0), record("v2", KIMI, ValidationStatus.SUCCEEDED, 5)), true, "v2"),
                Arguments.of("succeeded, then failed: the later failure wins",
                        List.of(record("v1", KIMI, ValidationStatus.SUCCEEDED, 0), record("v2", KIMI, ValidationStatus.FAILED, 5)), false, "v2"),
                Arguments.of("listed newest first: time decides, not list order",
                        List.of(record("v2", KIMI, ValidationStatus.PENDING, 5), record("v1", KIMI, ValidationStatus.FAILED, 0)), true, "v2"),
                Arguments.of("failed, then a new pending (PATCH re-added): usable while it runs",
                        List.of(record("v1", KIMI, ValidationStatus.FAILED, 0), record("v2", KIMI, ValidationStatus.PENDING, 5)), true, "v2"),
                Arguments.of("another model's failure does not block this one",
                        List.of(record("v1", KIMI, ValidationStatus.RUNNING, 0), record("v2", OTHER, ValidationStatus.FAILED, 5)), true, "v1"),
                Arguments.of("the same creation time: the later in the list wins",
                        List.of(record("v1", KIMI, ValidationStatus.SUCCEEDED, 0), record("v2", KIMI, ValidationStatus.FAILED, 0)), false, "v2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void theLatestRecordForTheModelWins(String why, List<ValidationRecord> records, boolean usable, String latestId) {
        ValidationRules.Usability usability = ValidationRules.usability(List.of(KIMI, OTHER), records, KIMI);
        assertEquals(usable, usability.usable(), why + ": " + usability.reason());
        assertEquals(latestId, usability.latest().orElseThrow().id(), why);
        assertEquals(latestId, ValidationRecord.latest(records, KIMI).orElseThrow().id(), why);
    }

    @Test
    void aModelNotInSupportedModelsIsNotUsableEvenWithASuccess() {
        ValidationRules.Usability usability = ValidationRules.usability(List.of(OTHER),
                List.of(record("v1", KIMI, ValidationStatus.SUCCEEDED, 0)), KIMI);
        assertFalse(usability.usable());
        assertEquals("model moonshotai/Kimi-K2.6 is not in the lora's supported_models [acme/other-1]", usability.reason());
    }

    static Stream<Arguments> patches() {
        return Stream.of(
                Arguments.of("a newly listed model gets a record",
                        List.of(KIMI), List.of(), List.of(KIMI, OTHER), List.of(OTHER)),
                Arguments.of("models listed before get none, even if they failed",
                        List.of(KIMI), List.of(record("v1", KIMI, ValidationStatus.FAILED, 0)), List.of(KIMI, OTHER), List.of(OTHER)),
                Arguments.of("a re-added model that already succeeded gets none",
                        List.of(KIMI), List.of(record("v1", OTHER, ValidationStatus.SUCCEEDED, 0)), List.of(KIMI, OTHER, THIRD), List.of(THIRD)),
                Arguments.of("a re-added model that failed gets a new one",
                        List.of(KIMI), List.of(record("v1", OTHER, ValidationStatus.FAILED, 0)), List.of(KIMI, OTHER), List.of(OTHER)),
                Arguments.of("a re-added model left unverified gets a new one",
                        List.of(KIMI), List.of(record("v1", OTHER, ValidationStatus.UNVERIFIED, 0)), List.of(OTHER), List.of(OTHER)),
                Arguments.of("removing models validates nothing",
                        List.of(KIMI, OTHER), List.of(), List.of(KIMI), List.of()),
                Arguments.of("the same list validates nothing",
                        List.of(KIMI, OTHER), List.of(), List.of(OTHER, KIMI), List.of()),
                Arguments.of("new models come in the order listed",
                        List.of(), List.of(), List.of(THIRD, KIMI, OTHER), List.of(THIRD, KIMI, OTHER)));
    }

    @ParameterizedTest(name = "PATCH: {0}")
    @MethodSource("patches")
    void patchValidatesOnlyNewlyListedModelsWithoutASuccess(String why, List<ModelId> before, List<ValidationRecord> records,
                                                           List<ModelId> after, List<ModelId> expected) {
        assertEquals(expected, ValidationRules.modelsToValidate(before, records, after), why);
    }
}
