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
import io.sail4j.core.safetensors.DType;
import io.sail4j.core.safetensors.SafetensorsHeader;
import io.sail4j.core.safetensors.TensorEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

// The adapter-vs-architecture rule: every <module>.lora_A.weight is [r, in] and every lora_B.weight is
// [out, r] of a linear module the base model has, both halves present, r as the config (and its
// rank_pattern) says; both the language_model.model.layers.N and the model.layers.N prefix are accepted.
class AdapterWeightsRulesTest {
    static final BaseModel KIMI = ModelCatalog.builtIn().find(ModelCatalog.KIMI_K2_6).orElseThrow();
    static final String LM = "base_model.model.language_model.model.";
    static final String TINKER = "base_model.model.model.";

    static AdapterConfig config(int r) {
        return AdapterConfig.of(Map.of("peft_type", "LORA", "task_type", "CAUSAL_LM", "r", r, "target_modules", "all-linear"));
    }

    static AdapterConfig config(int r, Map<String, Integer> rankPattern) {
        Map<String, Object> json = new LinkedHashMap<>(config(r).raw());
        json.put("rank_pattern", rankPattern);
        return AdapterConfig.of(json);
    }

    static TensorEntry tensor(String name, long... shape) {
        List<Long> dims = new ArrayList<>();
        for (long d : shape) {
            dims.add(d);
        }
        return new TensorEntry(name, DType.BF16, dims, 0, 0);
    }

    /** lora_A [r, in] and lora_B [out, r] for {@code prefix + module}. */
    static List<TensorEntry> pair(String prefix, String module, long r, long out, long in) {
        return List.of(tensor(prefix + module + ".lora_A.weight", r, in), tensor(prefix + module + ".lora_B.weight", out, r));
    }

    static SafetensorsHeader header(List<TensorEntry> tensors) {
        return new SafetensorsHeader(100, tensors, Map.of(), 0);
    }

    @SafeVarargs
    static SafetensorsHeader header(List<TensorEntry>... groups) {
        List<TensorEntry> all = new ArrayList<>();
        for (List<TensorEntry> group : groups) {
            all.addAll(group);
        }
        return header(all);
    }

    static Findings check(AdapterConfig config, SafetensorsHeader header) {
        return AdapterRules.checkWeights(config, header, KIMI);
    }

    static List<String> fields(Findings findings) {
        return findings.errors().stream().map(Violation::field).toList();
    }

    static Stream<Arguments> wellShapedPairs() {
        return Stream.of(
                Arguments.of(LM, "layers.0.self_attn.q_a_proj", 1536, 7168),
                Arguments.of(TINKER, "layers.0.self_attn.q_a_proj", 1536, 7168),
                Arguments.of(LM, "layers.60.self_attn.q_b_proj", 12288, 1536),
                Arguments.of(TINKER, "layers.7.self_attn.kv_a_proj_with_mqa", 576, 7168),
                Arguments.of(LM, "layers.7.self_attn.kv_b_proj", 16384, 512),
                Arguments.of(TINKER, "layers.7.self_attn.o_proj", 7168, 8192),
                Arguments.of(LM, "layers.0.mlp.gate_proj", 18432, 7168),
                Arguments.of(TINKER, "layers.0.mlp.down_proj", 7168, 18432),
                Arguments.of(LM, "layers.1.mlp.experts.0.gate_proj", 2048, 7168),
                Arguments.of(TINKER, "layers.60.mlp.experts.383.down_proj", 7168, 2048),
                Arguments.of(LM, "layers.5.mlp.shared_experts.up_proj", 2048, 7168),
                Arguments.of("base_model.model.", "lm_head", 163840, 7168),
                Arguments.of("base_model.model.language_model.", "lm_head", 163840, 7168));
    }

    @ParameterizedTest(name = "{0}{1}: A [8,{3}], B [{2},8]")
    @MethodSource("wellShapedPairs")
    void wellShapedPairsOfKimiModulesPass(String prefix, String module, long out, long in) {
        Findings findings = check(config(8), header(pair(prefix, module, 8, out, in)));
        assertEquals(List.of(), findings.errors());
    }

    @Test
    void peftAdapterNamesInTensorNamesAreAccepted() {
        String module = TINKER + "layers.3.self_attn.q_a_proj";
        SafetensorsHeader named = header(List.of(tensor(module + ".lora_A.default.weight", 8, 7168),
                tensor(module + ".lora_B.default.weight", 1536, 8)));
        assertEquals(List.of(), check(config(8), named).errors());
    }

    static Stream<Arguments> shapeMismatches() {
        String q = TINKER + "layers.2.self_attn.q_a_proj";
        return Stream.of(
                Arguments.of("lora_A's in must be the layer's in", tensor(q + ".lora_A.weight", 8, 4096), tensor(q + ".lora_B.weight", 1536, 8),
                        q + ".lora_A.weight"),
                Arguments.of("lora_B's out must be the layer's out", tensor(q + ".lora_A.weight", 8, 7168), tensor(q + ".lora_B.weight", 1535, 8),
                        q + ".lora_B.weight"),
                Arguments.of("lora_A is [r, in], not transposed", tensor(q + ".lora_A.weight", 7168, 8), tensor(q + ".lora_B.weight", 1536, 8),
                        q + ".lora_A.weight"),
                Arguments.of("lora_B is [out, r], not transposed", tensor(q + ".lora_A.weight", 8, 7168), tensor(q + ".lora_B.weight", 8, 1536),
                        q + ".lora_B.weight"),
                Arguments.of("a LoRA half is 2-dimensional", tensor(q + ".lora_A.weight", 8, 7168, 1), tensor(q + ".lora_B.weight", 1536, 8),
                        q + ".lora_A.weight"),
                Arguments.of("lora_A's r must be the config's r", tensor(q + ".lora_A.weight", 16, 7168), tensor(q + ".lora_B.weight", 1536, 8),
                        q + ".lora_A.weight"),
                Arguments.of("lora_B's r must be the config's r", tensor(q + ".lora_A.weight", 8, 7168), tensor(q + ".lora_B.weight", 1536, 4),
                        q + ".lora_B.weight"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapeMismatches")
    void shapeMismatchesAreReportedPerTensor(String rule, TensorEntry a, TensorEntry b, String offending) {
        Findings findings = check(config(8), header(List.of(a, b)));
        assertEquals(List.of("adapter_model.safetensors[" + offending + "]"), fields(findings), rule + ": " + findings.errors());
    }

    @ParameterizedTest(name = "{0} names no Kimi module")
    @ValueSource(strings = {
            TINKER + "layers.0.self_attn.q_proj",
            TINKER + "layers.61.self_attn.q_a_proj",
            TINKER + "layers.1.mlp.experts.384.up_proj",
            TINKER + "layers.0.mlp.experts.0.up_proj",
            TINKER + "layers.1.mlp.gate_proj",
            "base_model.model.vision_tower.blocks.0.attn.qkv",
            "base_model.model.language_model.model.embed_tokens",
            "base_model.model.decoder.layers.0.self_attn.q_a_proj"})
    void unknownModulesAreReportedPerTensor(String module) {
        Findings findings = check(config(8), header(pair("", module, 8, 1536, 7168)));
        assertEquals(List.of("adapter_model.safetensors[" + module + ".lora_A.weight]",
                "adapter_model.safetensors[" + module + ".lora_B.weight]"), fields(findings));
        assertTrue(findings.errors().get(0).rule().contains("names no linear module of moonshotai/Kimi-K2.6"),
                findings.errors().toString());
    }

    @ParameterizedTest(name = "{0} is not a LoRA weight")
    @ValueSource(strings = {"model.layers.0.self_attn.q_a_proj.weight", "base_model.model.model.layers.0.self_attn.q_a_proj.lora_C.weight",
            "base_model.model.model.layers.0.self_attn.q_a_proj.lora_A.bias"})
    void tensorsThatAreNotLoraHalvesAreReported(String name) {
        SafetensorsHeader tensors = header(pair(TINKER, "layers.0.self_attn.q_a_proj", 8, 1536, 7168), List.of(tensor(name, 8, 7168)));
        assertEquals(List.of("adapter_model.safetensors[" + name + "]"), fields(check(config(8), tensors)));
    }

    @Test
    void aMissingHalfIsReportedForItsModule() {
        String onlyA = TINKER + "layers.4.self_attn.o_proj";
        String onlyB = LM + "layers.4.self_attn.kv_b_proj";
        SafetensorsHeader tensors = header(List.of(tensor(onlyA + ".lora_A.weight", 8, 8192), tensor(onlyB + ".lora_B.weight", 16384, 8)));
        Findings findings = check(config(8), tensors);
        assertEquals(List.of("adapter_model.safetensors[" + onlyB.substring("base_model.model.".length()) + "]",
                "adapter_model.safetensors[" + onlyA.substring("base_model.model.".length()) + "]"), fields(findings));
        assertEquals(List.of("has lora_B but no lora_A", "has lora_A but no lora_B"),
                findings.errors().stream().map(Violation::rule).toList());
    }

    @Test
    void anAdapterWithoutLoraTensorsIsRefused() {
        assertEquals(List.of("adapter_model.safetensors"), fields(check(config(8), header(List.of()))));
    }

    // rank_pattern overrides r for the modules it names (PEFT's suffix match).
    static Stream<Arguments> rankPatterns() {
        return Stream.of(
                Arguments.of(Map.of("o_proj", 16), 16, true),
                Arguments.of(Map.of("o_proj", 16), 8, false),
                Arguments.of(Map.of("self_attn.o_proj", 4), 4, true),
                Arguments.of(Map.of("model.layers.3.self_attn.o_proj", 4), 4, true),
                Arguments.of(Map.of("layers.30.self_attn.o_proj", 4), 8, true),
                Arguments.of(Map.of("q_a_proj", 4), 8, true),
                Arguments.of(Map.of("q_a_proj", 4), 4, false));
    }

    @ParameterizedTest(name = "rank_pattern {0} with r = 8: o_proj of rank {1} ok = {2}")
    @MethodSource("rankPatterns")
    void rankMustAgreeWithTheConfigAndItsRankPattern(Map<String, Integer> pattern, int r, boolean ok) {
        SafetensorsHeader tensors = header(pair(TINKER, "layers.3.self_attn.o_proj", r, 7168, 8192));
        Findings findings = check(config(8, pattern), tensors);
        assertEquals(ok, findings.ok(), findings.errors().toString());
    }

    @Test
    void problemsAreCappedToAReadableSummary() {
        List<TensorEntry> tensors = new ArrayList<>();
        for (int layer = 1; layer <= 15; layer++) {
            tensors.addAll(pair(TINKER, "layers." + layer + ".self_attn.q_proj", 8, 1536, 7168));
        }
        Findings findings = check(config(8), header(tensors));
        assertEquals(AdapterRules.LISTED_TENSOR_PROBLEMS + 1, findings.errors().size());
        Violation summary = findings.errors().get(AdapterRules.LISTED_TENSOR_PROBLEMS);
        assertEquals("adapter_model.safetensors", summary.field());
        assertTrue(summary.rule().contains("10 more"), summary.toString());
        assertEquals("30 in all", summary.value());
    }

    @Test
    void exactlyTheCapIsListedWithoutSummary() {
        List<TensorEntry> tensors = new ArrayList<>();
        for (int layer = 1; layer <= AdapterRules.LISTED_TENSOR_PROBLEMS / 2; layer++) {
            tensors.addAll(pair(TINKER, "layers." + layer + ".self_attn.q_proj", 8, 1536, 7168));
        }
        assertEquals(AdapterRules.LISTED_TENSOR_PROBLEMS, check(config(8), header(tensors)).errors().size());
    }

    @Test
    void aModelWithoutAKnownArchitectureIsNotShapeChecked() {
        BaseModel opaque = new BaseModel(ModelId.of("acme/opaque"), Optional.of(LoraSupport.anyModule(32)), Set.of(), Optional.empty());
        assertTrue(AdapterRules.checkWeights(config(8), header(List.of(tensor("whatever", 1))), opaque).ok());
    }
}
