package io.sail4j.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The linear layers of a base model's text stack: every module a LoRA can attach to, with its
 * {@code [out, in]} shape. Module paths are relative to the text model, e.g.
 * {@code layers.3.self_attn.q_a_proj}, {@code layers.5.mlp.experts.17.down_proj} or {@code lm_head}.
 * Described by layer groups rather than a list, so a 61-layer, 384-expert model stays small.
 */
public record ModelArchitecture(String family, Map<String, LinearShape> topLevel, List<LayerGroup> layerGroups) {
    private static final Pattern LAYER = Pattern.compile("layers\\.(\\d{1,6})\\.(.+)");
    private static final Pattern EXPERT = Pattern.compile("mlp\\.experts\\.(\\d{1,6})\\.(.+)");

    public ModelArchitecture {
        topLevel = Map.copyOf(topLevel);
        layerGroups = List.copyOf(layerGroups);
    }

    /**
     * Layers {@code firstLayer..lastLayer} (inclusive) share {@code modules}; when {@code experts > 0}
     * each also holds {@code mlp.experts.0..experts-1} with the modules in {@code perExpert}.
     */
    public record LayerGroup(int firstLayer, int lastLayer, Map<String, LinearShape> modules, int experts,
                             Map<String, LinearShape> perExpert) {
        public LayerGroup {
            if (firstLayer < 0 || lastLayer < firstLayer || experts < 0) {
                throw new IllegalArgumentException("bad layer group " + firstLayer + ".." + lastLayer);
            }
            modules = Map.copyOf(modules);
            perExpert = Map.copyOf(perExpert);
        }

        boolean holds(int layer) {
            return layer >= firstLayer && layer <= lastLayer;
        }
    }

    /** The shape of the linear module at this path, if the model has one there. */
    public Optional<LinearShape> linear(String modulePath) {
        LinearShape top = topLevel.get(modulePath);
        if (top != null) {
            return Optional.of(top);
        }
        Matcher layer = LAYER.matcher(modulePath);
        if (!layer.matches()) {
            return Optional.empty();
        }
        int index = Integer.parseInt(layer.group(1));
        String rest = layer.group(2);
        for (LayerGroup group : layerGroups) {
            if (!group.holds(index)) {
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

    /** Number of layers (the highest layer index plus one). */
    public int layerCount() {
        return layerGroups.stream().mapToInt(LayerGroup::lastLayer).max().orElse(-1) + 1;
    }

    /** Every linear module path, in layer order. Large for MoE models; meant for tools and tests. */
    public List<String> linearModules() {
        List<String> paths = new ArrayList<>();
        for (int layer = 0; layer < layerCount(); layer++) {
            for (LayerGroup group : layerGroups) {
                if (!group.holds(layer)) {
                    continue;
                }
                for (String module : group.modules().keySet().stream().sorted().toList()) {
                    paths.add("layers." + layer + "." + module);
                }
                for (int e = 0; e < group.experts(); e++) {
                    for (String module : group.perExpert().keySet().stream().sorted().toList()) {
                        paths.add("layers." + layer + ".mlp.experts." + e + "." + module);
                    }
                }
            }
        }
        topLevel.keySet().stream().sorted().forEach(paths::add);
        return paths;
    }
}
