package io.sail4j.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.InvalidRequestException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

// The built-in catalog holds Kimi-K2.6 exactly as the API contract gives it: LoRAs up to rank 32 on
// all target modules, all four windows, and the [out,in] shape of every linear layer of its text stack.
class ModelCatalogTest {
    static final BaseModel KIMI = ModelCatalog.builtIn().find(ModelCatalog.KIMI_K2_6).orElseThrow();
    static final ModelArchitecture ARCH = KIMI.architecture().orElseThrow();

    @Test
    void kimiTakesLorasUpToRank32OnAnyModule() {
        assertEquals("moonshotai/Kimi-K2.6", ModelCatalog.KIMI_K2_6.value());
        LoraSupport lora = KIMI.lora().orElseThrow();
        assertEquals(32, lora.maxRank());
        assertTrue(lora.allTargetModules());
        assertTrue(lora.allowsTarget("anything_at_all"));
    }

    @Test
    void kimiOffersAllFourWindows() {
        assertEquals(Set.copyOf(CompletionWindow.KNOWN), KIMI.windows());
        assertFalse(KIMI.supportsWindow(CompletionWindow.of("overnight")));
    }

    @Test
    void kimiIsTheKimiK2TextStackOf61Layers() {
        assertEquals("kimi_k2", ARCH.family());
        assertEquals(61, ARCH.layerCount());
    }

    static Stream<Arguments> documentedShapes() {
        return Stream.of(
                // attention, every layer
                Arguments.of("layers.0.self_attn.q_a_proj", 1536, 7168),
                Arguments.of("layers.0.self_attn.q_b_proj", 12288, 1536),
                Arguments.of("layers.0.self_attn.kv_a_proj_with_mqa", 576, 7168),
                Arguments.of("layers.0.self_attn.kv_b_proj", 16384, 512),
                Arguments.of("layers.0.self_attn.o_proj", 7168, 8192),
                Arguments.of("layers.60.self_attn.q_a_proj", 1536, 7168),
                Arguments.of("layers.60.self_attn.q_b_proj", 12288, 1536),
                Arguments.of("layers.60.self_attn.kv_a_proj_with_mqa", 576, 7168),
                Arguments.of("layers.60.self_attn.kv_b_proj", 16384, 512),
                Arguments.of("layers.60.self_attn.o_proj", 7168, 8192),
                // dense MLP, layer 0 only
                Arguments.of("layers.0.mlp.gate_proj", 18432, 7168),
                Arguments.of("layers.0.mlp.up_proj", 18432, 7168),
                Arguments.of("layers.0.mlp.down_proj", 7168, 18432),
                // routed experts 0..383, layers 1-60
                Arguments.of("layers.1.mlp.experts.0.gate_proj", 2048, 7168),
                Arguments.of("layers.1.mlp.experts.0.up_proj", 2048, 7168),
                Arguments.of("layers.1.mlp.experts.0.down_proj", 7168, 2048),
                Arguments.of("layers.60.mlp.experts.383.gate_proj", 2048, 7168),
                Arguments.of("layers.60.mlp.experts.383.up_proj", 2048, 7168),
                Arguments.of("layers.60.mlp.experts.383.down_proj", 7168, 2048),
                // one shared expert, layers 1-60
                Arguments.of("layers.1.mlp.shared_experts.gate_proj", 2048, 7168),
                Arguments.of("layers.1.mlp.shared_experts.up_proj", 2048, 7168),
                Arguments.of("layers.30.mlp.shared_experts.down_proj", 7168, 2048),
                // output head over the 163840-token vocabulary
                Arguments.of("lm_head", 163840, 7168));
    }

    @ParameterizedTest(name = "{0} is [{1},{2}]")
    @MethodSource("documentedShapes")
    void everyDocumentedLinearHasItsShape(String module, long out, long in) {
        assertEquals(Optional.of(new LinearShape(out, in)), ARCH.linear(module));
    }

    @ParameterizedTest(name = "{0} does not exist")
    @ValueSource(strings = {
            "layers.61.self_attn.q_a_proj",          // only 61 layers, 0..60
            "layers.0.mlp.experts.0.gate_proj",      // layer 0 is dense
            "layers.0.mlp.shared_experts.up_proj",   // layer 0 is dense
            "layers.1.mlp.gate_proj",                // layers 1-60 have no dense MLP
            "layers.1.mlp.experts.384.up_proj",      // 384 experts, 0..383
            "layers.1.self_attn.q_proj",             // MLA: q_a/q_b, no q_proj
            "layers.1.self_attn.k_proj",
            "layers.1.self_attn.v_proj",
            "layers.1.mlp.experts.0.o_proj",
            "embed_tokens",
            "model.layers.0.self_attn.q_a_proj",     // paths are relative to the text model
            "layers.x.self_attn.q_a_proj"})
    void modulesTheModelLacksHaveNoShape(String module) {
        assertEquals(Optional.empty(), ARCH.linear(module));
    }

    @Test
    void linearModulesListsEveryLinearOnce() {
        List<String> modules = ARCH.linearModules();
        int layer0 = 5 + 3;
        int moeLayer = 5 + 3 + 384 * 3;
        assertEquals(layer0 + 60 * moeLayer + 1, modules.size());
        assertEquals(modules.size(), Set.copyOf(modules).size());
        assertTrue(modules.stream().allMatch(m -> ARCH.linear(m).isPresent()));
    }

    @Test
    void requireNamesTheFieldForUnknownModels() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> ModelCatalog.builtIn().require(ModelId.of("acme/unknown"), "supported_models[1]"));
        assertTrue(e.names("supported_models[1]"), e.getMessage());
        assertEquals(KIMI, ModelCatalog.builtIn().require(ModelCatalog.KIMI_K2_6, "model"));
    }

    // Merging GET /v1/models: every listed model is present afterwards, and where the server leaves a
    // field out the built-in facts stay.
    @Test
    void aListingWithoutLoraOrWindowsKeepsTheBuiltInFacts() {
        ModelCatalog merged = ModelCatalog.builtIn().mergedWith(List.of(BaseModel.known(ModelCatalog.KIMI_K2_6)));
        assertEquals(KIMI, merged.find(ModelCatalog.KIMI_K2_6).orElseThrow());
    }

    @Test
    void reportedValuesReplaceTheBuiltInOnesButTheArchitectureStays() {
        BaseModel reported = BaseModel.known(ModelCatalog.KIMI_K2_6)
                .withLora(LoraSupport.anyModule(64))
                .withWindows(Set.of(CompletionWindow.PRIORITY, CompletionWindow.of("overnight")));
        BaseModel merged = ModelCatalog.builtIn().mergedWith(List.of(reported)).find(ModelCatalog.KIMI_K2_6).orElseThrow();
        assertEquals(64, merged.lora().orElseThrow().maxRank());
        assertEquals(Set.of(CompletionWindow.PRIORITY, CompletionWindow.of("overnight")), merged.windows());
        assertEquals(KIMI.architecture(), merged.architecture());
    }

    @Test
    void newModelsAreAddedAndUnlistedKnownModelsStay() {
        BaseModel other = BaseModel.known(ModelId.of("acme/other-1"));
        ModelCatalog merged = ModelCatalog.builtIn().mergedWith(List.of(other));
        assertEquals(Optional.of(other), merged.find(other.id()));
        assertEquals(Optional.of(KIMI), merged.find(ModelCatalog.KIMI_K2_6));
        assertFalse(merged.find(other.id()).orElseThrow().takesLoras(), "a model listed without lora takes none");
        assertTrue(merged.find(other.id()).orElseThrow().supportsWindow(CompletionWindow.ASAP),
                "unknown windows are left to Sail to judge");
    }

    @Test
    void theBuiltInCatalogIsNotChangedByMergingOrAdding() {
        ModelCatalog.builtIn().with(BaseModel.known(ModelCatalog.KIMI_K2_6));
        ModelCatalog.builtIn().mergedWith(List.of(BaseModel.known(ModelId.of("acme/other-1"))));
        assertEquals(1, ModelCatalog.builtIn().models().size());
        assertEquals(Optional.of(KIMI), ModelCatalog.builtIn().find(ModelCatalog.KIMI_K2_6));
    }

    @ParameterizedTest
    @CsvSource({"0", "-1"})
    void maxRankMustBePositive(int maxRank) {
        assertThrows(IllegalArgumentException.class, () -> LoraSupport.anyModule(maxRank));
    }

    @Test
    void anAllowlistLimitsTargets() {
        LoraSupport support = LoraSupport.onlyModules(16, Set.of("q_proj", "v_proj"));
        assertTrue(support.allowsTarget("q_proj"));
        assertFalse(support.allowsTarget("o_proj"));
    }
}
