package io.sail4j.core.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

// Sail preserves every config field as given (lora_alpha, lora_dropout, bias, ...); target_modules is a list or a string.
class AdapterConfigTest {

    static Map<String, Object> peftConfig() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("peft_type", "LORA");
        json.put("task_type", "CAUSAL_LM");
        json.put("r", 8);
        json.put("lora_alpha", 16);
        json.put("lora_dropout", 0.05);
        json.put("bias", "none");
        json.put("fan_in_fan_out", false);
        json.put("modules_to_save", null);
        json.put("target_modules", new ArrayList<>(List.of("q_a_proj", "kv_b_proj")));
        Map<String, Object> loftq = new LinkedHashMap<>();
        loftq.put("loftq_bits", 4);
        loftq.put("nested", new ArrayList<>(List.of(Map.of("deep", List.of(1, 2.5, "x")))));
        json.put("loftq_config", loftq);
        json.put("x_vendor_field_nobody_knows", Map.of("kept", true));
        json.put("big", 12345678901234L);
        return json;
    }

    @Test
    void rawMapRoundTripsUnchangedIncludingNestedAndUnknownFields() {
        Map<String, Object> json = peftConfig();
        AdapterConfig config = AdapterConfig.of(json);
        assertEquals(json, config.raw());
        assertEquals(List.copyOf(json.keySet()), List.copyOf(config.raw().keySet()), "field order is kept");
        assertEquals(AdapterConfig.of(config.raw()), config, "a config rebuilt from raw() is equal");
        assertTrue(config.raw().containsKey("modules_to_save"), "explicit nulls are kept");
        assertEquals(12345678901234L, config.raw().get("big"));
    }

    @Test
    void laterChangesToTheSourceMapDoNotLeakIn() {
        Map<String, Object> json = peftConfig();
        AdapterConfig config = AdapterConfig.of(json);
        json.put("r", 64);
        @SuppressWarnings("unchecked")
        List<Object> targets = (List<Object>) json.get("target_modules");
        targets.add("o_proj");
        @SuppressWarnings("unchecked")
        Map<String, Object> loftq = (Map<String, Object>) json.get("loftq_config");
        loftq.put("loftq_bits", 8);
        assertEquals(Optional.of(8), config.rank());
        assertEquals(List.of("q_a_proj", "kv_b_proj"), config.targetModules());
        assertEquals(Map.of("loftq_bits", 4, "nested", List.of(Map.of("deep", List.of(1, 2.5, "x")))), config.raw().get("loftq_config"));
    }

    @Test
    void rawIsDeeplyUnmodifiable() {
        AdapterConfig config = AdapterConfig.of(peftConfig());
        assertThrows(UnsupportedOperationException.class, () -> config.raw().put("r", 1));
        @SuppressWarnings("unchecked")
        List<Object> targets = (List<Object>) config.raw().get("target_modules");
        assertThrows(UnsupportedOperationException.class, () -> targets.add("o_proj"));
        @SuppressWarnings("unchecked")
        Map<String, Object> loftq = (Map<String, Object>) config.raw().get("loftq_config");
        assertThrows(UnsupportedOperationException.class, () -> loftq.put("loftq_bits", 8));
    }

    static Stream<Arguments> targetModules() {
        return Stream.of(
                Arguments.of(List.of("q_a_proj", "o_proj"), List.of("q_a_proj", "o_proj")),
                Arguments.of("all-linear", List.of("all-linear")),
                Arguments.of(".*\\.(q_a_proj|o_proj)", List.of(".*\\.(q_a_proj|o_proj)")),
                Arguments.of(null, List.of()),
                Arguments.of(Arrays.asList("q_a_proj", 7), List.of("q_a_proj")));
    }

    @ParameterizedTest(name = "target_modules {0} reads as {1}")
    @MethodSource("targetModules")
    void targetModulesIsAListOrAString(Object value, List<String> expected) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("target_modules", value);
        assertEquals(expected, AdapterConfig.of(json).targetModules());
    }

    static Stream<Arguments> ranks() {
        return Stream.of(
                Arguments.of(8, Optional.of(8)),
                Arguments.of(8L, Optional.of(8)),
                Arguments.of(8.5, Optional.empty()),
                // PEFT takes r as an int; a float such as 8.0 is refused rather than rounded.
                Arguments.of(8.0, Optional.empty()),
                Arguments.of("8", Optional.empty()),
                Arguments.of(true, Optional.empty()),
                Arguments.of(Long.MAX_VALUE, Optional.empty()),
                Arguments.of(null, Optional.empty()));
    }

    @ParameterizedTest(name = "r = {0} reads as {1}")
    @MethodSource("ranks")
    void rankIsReadOnlyWhenIntegral(Object value, Optional<Integer> expected) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("r", value);
        assertEquals(expected, AdapterConfig.of(json).rank());
    }

    @Test
    void rankPatternKeepsIntegralEntries() {
        AdapterConfig config = AdapterConfig.of(Map.of("rank_pattern", Map.of("q_a_proj", 16, "o_proj", "x")));
        assertEquals(Map.of("q_a_proj", 16), config.rankPattern());
        assertEquals(Map.of(), AdapterConfig.of(Map.of("rank_pattern", List.of(1))).rankPattern());
    }

    @Test
    void readsTheFieldsTheRulesLookAtWithoutJudgingThem() {
        AdapterConfig config = AdapterConfig.of(Map.of("peft_type", "PROMPT_TUNING", "task_type", 3,
                "base_model_name_or_path", "moonshotai/Kimi-K2.6"));
        assertEquals(Optional.of("PROMPT_TUNING"), config.peftType());
        assertEquals(Optional.empty(), config.taskType(), "a non-string task_type is not a task type");
        assertEquals(Optional.of("moonshotai/Kimi-K2.6"), config.baseModelNameOrPath());
        assertEquals(Optional.of(3), config.field("task_type"));
    }
}
