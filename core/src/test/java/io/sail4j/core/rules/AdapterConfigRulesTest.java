package io.sail4j.core.rules;

import io.sail4j.core.error.Findings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.AdapterConfig;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.model.LoraSupport;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.model.ModelId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

// Sail's adapter requirements: peft_type "LORA", task_type "CAUSAL_LM", r no more than the model's max
// rank, target_modules any the model supports, base_model_name_or_path should name the base model.
class AdapterConfigRulesTest {
    static final BaseModel KIMI = ModelCatalog.builtIn().find(ModelCatalog.KIMI_K2_6).orElseThrow();

    static Map<String, Object> valid() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("peft_type", "LORA");
        json.put("task_type", "CAUSAL_LM");
        json.put("r", 8);
        json.put("lora_alpha", 16);
        json.put("target_modules", List.of("q_a_proj", "o_proj"));
        json.put("base_model_name_or_path", "moonshotai/Kimi-K2.6");
        return json;
    }

    static Map<String, Object> with(String field, Object value) {
        Map<String, Object> json = valid();
        json.put(field, value);
        return json;
    }

    static Map<String, Object> without(String field) {
        Map<String, Object> json = valid();
        json.remove(field);
        return json;
    }

    static Findings check(Map<String, Object> json) {
        return AdapterRules.checkConfig(AdapterConfig.of(json), KIMI);
    }

    static List<String> fields(List<Violation> violations) {
        return violations.stream().map(Violation::field).toList();
    }

    @Test
    void aPlainPeftLoraConfigForKimiPassesWithoutWarnings() {
        Findings findings = check(valid());
        assertEquals(List.of(), findings.errors());
        assertEquals(List.of(), findings.warnings());
    }

    static Stream<Arguments> acceptedVariants() {
        return Stream.of(
                Arguments.of("r = 1, the smallest rank", with("r", 1)),
                Arguments.of("r = 32, Kimi's max rank", with("r", 32)),
                Arguments.of("r as a long", with("r", 16L)),
                Arguments.of("target_modules as a string", with("target_modules", "all-linear")),
                Arguments.of("target_modules as a regex string", with("target_modules", ".*\\.(q_a_proj|o_proj)")),
                Arguments.of("target_modules naming modules Kimi has no allowlist for", with("target_modules", List.of("anything"))),
                Arguments.of("rank_pattern within the max rank", with("rank_pattern", Map.of("o_proj", 32, "q_a_proj", 4))),
                Arguments.of("an empty rank_pattern, as PEFT writes it", with("rank_pattern", Map.of())),
                Arguments.of("a null rank_pattern", with("rank_pattern", null)),
                Arguments.of("base model as a hub path ending in the id", with("base_model_name_or_path", "/models/moonshotai/Kimi-K2.6")),
                Arguments.of("base model in another case", with("base_model_name_or_path", "MoonshotAI/kimi-k2.6")));
    }

    @ParameterizedTest(name = "accepted: {0}")
    @MethodSource("acceptedVariants")
    void acceptedVariantsHaveNoErrors(String why, Map<String, Object> json) {
        Findings findings = check(json);
        assertTrue(findings.ok(), why + ": " + findings.errors());
        assertEquals(List.of(), findings.warnings(), why);
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                Arguments.of("peft_type must be LORA", with("peft_type", "PROMPT_TUNING"), "adapter_config.peft_type"),
                Arguments.of("peft_type is case-sensitive", with("peft_type", "lora"), "adapter_config.peft_type"),
                Arguments.of("peft_type is required", without("peft_type"), "adapter_config.peft_type"),
                Arguments.of("task_type must be CAUSAL_LM", with("task_type", "SEQ_CLS"), "adapter_config.task_type"),
                Arguments.of("task_type is required", without("task_type"), "adapter_config.task_type"),
                Arguments.of("r is required", without("r"), "adapter_config.r"),
                Arguments.of("r must be positive, not 0", with("r", 0), "adapter_config.r"),
                Arguments.of("r must be positive, not -8", with("r", -8), "adapter_config.r"),
                Arguments.of("r must be at most the max rank 32", with("r", 33), "adapter_config.r"),
                Arguments.of("r must be an integer, not 8.5", with("r", 8.5), "adapter_config.r"),
                Arguments.of("r must be a number, not \"8\"", with("r", "8"), "adapter_config.r"),
                Arguments.of("rank_pattern ranks are at most the max rank",
                        with("rank_pattern", Map.of("o_proj", 64)), "adapter_config.rank_pattern.o_proj"),
                Arguments.of("rank_pattern ranks are positive", with("rank_pattern", Map.of("o_proj", 0)), "adapter_config.rank_pattern.o_proj"),
                Arguments.of("rank_pattern ranks are integers", with("rank_pattern", Map.of("o_proj", "16")), "adapter_config.rank_pattern.o_proj"),
                Arguments.of("rank_pattern is an object", with("rank_pattern", List.of(16)), "adapter_config.rank_pattern"),
                Arguments.of("target_modules is required", without("target_modules"), "adapter_config.target_modules"),
                Arguments.of("target_modules is not empty", with("target_modules", List.of()), "adapter_config.target_modules"),
                Arguments.of("target_modules is not an empty string", with("target_modules", ""), "adapter_config.target_modules"),
                Arguments.of("target_modules holds strings only", with("target_modules", Arrays.asList("q_a_proj", 3)), "adapter_config.target_modules"),
                Arguments.of("target_modules is a list or a string", with("target_modules", 3), "adapter_config.target_modules"));
    }

    @ParameterizedTest(name = "refused: {0}")
    @MethodSource("brokenRules")
    void eachBrokenRuleIsAnErrorNamingItsField(String rule, Map<String, Object> json, String field) {
        Findings findings = check(json);
        assertEquals(List.of(field), fields(findings.errors()), rule + ": " + findings.errors());
    }

    static Stream<Arguments> baseModelWarnings() {
        return Stream.of(
                Arguments.of("absent", without("base_model_name_or_path")),
                Arguments.of("blank", with("base_model_name_or_path", " ")),
                Arguments.of("another model", with("base_model_name_or_path", "deepseek-ai/DeepSeek-V3")),
                Arguments.of("a longer id sharing the suffix", with("base_model_name_or_path", "acme/moonshotai/Kimi-K2.6-Instruct")),
                Arguments.of("not a string", with("base_model_name_or_path", 7)));
    }

    // "should identify the base model": a hint, so a warning and never an error.
    @ParameterizedTest(name = "base_model_name_or_path {0}: warning, not error")
    @MethodSource("baseModelWarnings")
    void aMissingOrDifferentBaseModelIsAWarningNotAnError(String why, Map<String, Object> json) {
        Findings findings = check(json);
        assertTrue(findings.ok(), why + ": " + findings.errors());
        assertEquals(List.of("adapter_config.base_model_name_or_path"), fields(findings.warnings()));
    }

    @Test
    void everyBrokenRuleIsReportedAtOnce() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("peft_type", "IA3");
        json.put("task_type", "SEQ_2_SEQ_LM");
        json.put("r", 64);
        json.put("rank_pattern", Map.of("o_proj", 128));
        Findings findings = check(json);
        assertEquals(List.of("adapter_config.peft_type", "adapter_config.task_type", "adapter_config.r",
                "adapter_config.rank_pattern.o_proj", "adapter_config.target_modules"), fields(findings.errors()));
        assertEquals(List.of("adapter_config.base_model_name_or_path"), fields(findings.warnings()));
    }

    @Test
    void theMaxRankIsTheModelsOwn() {
        BaseModel small = new BaseModel(ModelId.of("acme/small"), java.util.Optional.of(LoraSupport.anyModule(8)),
                Set.of(), java.util.Optional.empty());
        Findings findings = AdapterRules.checkConfig(AdapterConfig.of(with("r", 16)), small);
        assertEquals(List.of("adapter_config.r"), fields(findings.errors()));
        assertTrue(findings.errors().get(0).rule().contains("8"), findings.errors().toString());
    }

    @Test
    void aModelThatTakesNoLorasIsAnError() {
        Findings findings = AdapterRules.checkConfig(AdapterConfig.of(valid()), BaseModel.known(ModelId.of("acme/base")));
        assertEquals(List.of("model"), fields(findings.errors()));
    }

    @Test
    void aModelWithAnAllowlistRefusesOtherTargetModules() {
        BaseModel listed = new BaseModel(ModelId.of("acme/listed"),
                java.util.Optional.of(LoraSupport.onlyModules(16, Set.of("q_proj", "v_proj"))), Set.of(), java.util.Optional.empty());
        Map<String, Object> json = with("target_modules", List.of("q_proj", "o_proj", "gate_proj"));
        json.put("base_model_name_or_path", "acme/listed");
        Findings findings = AdapterRules.checkConfig(AdapterConfig.of(json), listed);
        assertEquals(List.of("o_proj", "gate_proj"), findings.errors().stream().map(Violation::value).toList());
        assertTrue(AdapterRules.checkConfig(AdapterConfig.of(with("target_modules", List.of("q_proj", "v_proj"))), listed).ok());
    }
}
