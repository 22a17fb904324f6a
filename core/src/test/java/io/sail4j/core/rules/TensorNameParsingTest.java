package io.sail4j.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

// Tensor names are split by hand (a full export has ~140k of them); the split is exactly the one these
// patterns, the rule's definition, give: the longest module, an optional adapter name, no line breaks.
class TensorNameParsingTest {
    static final Pattern LORA_TENSOR = Pattern.compile(
            "base_model\\.model\\.(?<module>.+)\\.lora_(?<half>[AB])(?:\\.[A-Za-z0-9_-]+)?\\.weight");
    static final Pattern TEXT_MODULE = Pattern.compile("(?:language_model\\.)?(?:model\\.)?(?<path>layers\\.\\d+\\..+|lm_head)");

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "base_model.model.language_model.model.layers.1.self_attn.q_a_proj.lora_A.weight",
            "base_model.model.language_model.model.layers.1.self_attn.q_a_proj.lora_B.weight",
            "base_model.model.model.layers.60.mlp.experts.383.down_proj.lora_B.weight",
            "base_model.model.lm_head.lora_A.weight",
            "base_model.model.layers.1.q.lora_A.default.weight",
            "base_model.model.layers.1.q.lora_B.my-adapter_2.weight",
            "base_model.model.x.lora_A.lora_B.weight",
            "base_model.model.x.lora_A.lora_A.weight",
            "base_model.model.x.lora_B.lora_A.default.weight",
            "base_model.model.a.lora_A.weight",
            "base_model.model..lora_A.weight",
            "base_model.model...lora_A.weight",
            "base_model.model.lora_A.weight",
            "base_model.model.x.lora_C.weight",
            "base_model.model.x.lora_a.weight",
            "base_model.model.x.lora_AB.weight",
            "base_model.model.x.lora_A",
            "base_model.model.x.lora_A.weights",
            "base_model.model.x.lora_A..weight",
            "base_model.model.x.lora_A.bad.name.weight",
            "base_model.model.x.lora_A.we!rd.weight",
            "base_model.model.x.lora_A.weight\n",
            "base_model.model.layers.1\n.q.lora_A.weight",
            "base_model.model.layers.1\u2028.q.lora_B.weight",
            "base_model.model.layers.1.q.lora_A.def\u0085.weight",
            "prefix.base_model.model.x.lora_A.weight",
            "base_model.model.weight",
            "base_model.model.",
            "base_model.model.x.lora_.weight",
            ".lora_A.weight",
            "model.layers.0.mlp.gate_proj.weight",
            ""})
    void loraTensorNamesSplitAsThePatternDoes(String name) {
        Matcher expected = LORA_TENSOR.matcher(name);
        AdapterRules.LoraTensor actual = AdapterRules.LoraTensor.parse(name);
        if (!expected.matches()) {
            assertEquals(null, actual, name);
        } else {
            assertEquals(new AdapterRules.LoraTensor(expected.group("module"), expected.group("half").equals("A")), actual, name);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "language_model.model.layers.3.self_attn.q_a_proj", "model.layers.3.x", "layers.3.x", "layers.0001.x",
            "layers.12345678901.x", "lm_head", "model.lm_head", "language_model.lm_head", "language_model.model.lm_head",
            "language_model.layers.1.x", "model.model.layers.1.x", "model.language_model.layers.1.x", "layers..x",
            "layers.1.", "layers.1", "layers.a.x", "layers.1x.y", "xlayers.1.x", "lm_head.x", "language_model.",
            "model.", "", "layers.\u0661.x", "language_model.model.layers.1.mlp.experts.2.up_proj"})
    void textModulePathsAreWhatThePatternFinds(String module) {
        Matcher expected = TEXT_MODULE.matcher(module);
        assertEquals(expected.matches() ? expected.group("path") : null, AdapterRules.textModulePath(module), module);
    }
}
