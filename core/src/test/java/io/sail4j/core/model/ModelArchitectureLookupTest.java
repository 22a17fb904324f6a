package io.sail4j.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

// Module paths are looked up by hand (a full export asks ~140k times); the answer is the one the path
// grammar layers.<1-6 digits>.<rest> and mlp.experts.<1-6 digits>.<module> gives, written as patterns here.
class ModelArchitectureLookupTest {
    static final ModelArchitecture KIMI = ModelCatalog.builtIn().find(ModelCatalog.KIMI_K2_6).orElseThrow()
            .architecture().orElseThrow();
    static final Pattern LAYER = Pattern.compile("layers\\.(\\d{1,6})\\.(.+)");
    static final Pattern EXPERT = Pattern.compile("mlp\\.experts\\.(\\d{1,6})\\.(.+)");

    /** The lookup as the grammar defines it. */
    static Optional<LinearShape> byGrammar(ModelArchitecture architecture, String path) {
        LinearShape top = architecture.topLevel().get(path);
        if (top != null) {
            return Optional.of(top);
        }
        Matcher layer = LAYER.matcher(path);
        if (!layer.matches()) {
            return Optional.empty();
        }
        int index = Integer.parseInt(layer.group(1));
        String rest = layer.group(2);
        for (ModelArchitecture.LayerGroup group : architecture.layerGroups()) {
            if (index < group.firstLayer() || index > group.lastLayer()) {
                continue;
            }
            Matcher expert = EXPERT.matcher(rest);
            if (group.experts() > 0 && expert.matches()) {
                int e = Integer.parseInt(expert.group(1));
                return e < group.experts() ? Optional.ofNullable(group.perExpert().get(expert.group(2))) : Optional.empty();
            }
            return Optional.ofNullable(group.modules().get(rest));
        }
        return Optional.empty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "layers.0.mlp.gate_proj", "layers.0.mlp.down_proj", "layers.1.mlp.gate_proj", "layers.1.self_attn.q_a_proj",
            "layers.60.self_attn.o_proj", "layers.61.self_attn.o_proj", "layers.01.self_attn.q_a_proj",
            "layers.000001.self_attn.q_a_proj", "layers.0000001.self_attn.q_a_proj", "layers.1234567.self_attn.q_a_proj",
            "layers.1.mlp.experts.0.up_proj", "layers.1.mlp.experts.383.down_proj", "layers.1.mlp.experts.384.down_proj",
            "layers.1.mlp.experts.000005.gate_proj", "layers.1.mlp.experts.0000005.gate_proj",
            "layers.1.mlp.experts.1234567.gate_proj", "layers.1.mlp.experts.5.", "layers.1.mlp.experts..up_proj",
            "layers.0.mlp.experts.1.up_proj", "layers.1.mlp.shared_experts.up_proj", "layers.5.mlp.experts.2.up_proj\n",
            "layers.5.self_attn.q_a_proj\n", "layers.5\n.self_attn.q_a_proj", "lm_head", "lm_head.x", "layers.1.",
            "layers..x", "layers.1", "layers.-1.self_attn.q_a_proj", "layers.\u0661.self_attn.q_a_proj", "", "layers."})
    void lookupsAgreeWithTheGrammar(String path) {
        assertEquals(byGrammar(KIMI, path), KIMI.linear(path), path);
    }
}
