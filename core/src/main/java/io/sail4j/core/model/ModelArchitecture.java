package io.sail4j.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The linear layers of a base model's text stack: every module a LoRA can attach to, with its
 * {@code [out, in]} shape. Module paths are relative to the text model, e.g.
 * {@code layers.3.self_attn.q_a_proj}, {@code layers.5.mlp.experts.17.down_proj} or {@code lm_head}.
 * Described by layer groups rather than a list, so a 61-layer, 384-expert model stays small.
 */
public record ModelArchitecture(String family, Map<String, LinearShape> topLevel, List<LayerGroup> layerGroups) {
    private static final String LAYERS = "layers.";
    private static final String EXPERTS = "mlp.experts.";

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
        int restAt = indexedSegmentEnd(modulePath, LAYERS);
        if (restAt < 0) {
            return Optional.empty();
        }
        int index = Integer.parseInt(modulePath, LAYERS.length(), restAt - 1, 10);
        String rest = modulePath.substring(restAt);
        for (LayerGroup group : layerGroups) {
            if (!group.holds(index)) {
                continue;
            }
            int moduleAt = group.experts() > 0 ? indexedSegmentEnd(rest, EXPERTS) : -1;
            if (moduleAt >= 0) {
                int e = Integer.parseInt(rest, EXPERTS.length(), moduleAt - 1, 10);
                return e < group.experts() ? Optional.ofNullable(group.perExpert().get(rest.substring(moduleAt))) : Optional.empty();
            }
            return Optional.ofNullable(group.modules().get(rest));
        }
        return Optional.empty();
    }

    /**
     * For {@code <prefix><1 to 6 digits>.<rest>} with a non-empty {@code rest} on one line: where
     * {@code rest} starts; otherwise -1. Parsed by hand because a full export asks this ~140k times.
     */
    private static int indexedSegmentEnd(String path, String prefix) {
        if (!path.startsWith(prefix)) {
            return -1;
        }
        int at = prefix.length();
        while (at < path.length() && path.charAt(at) >= '0' && path.charAt(at) <= '9') {
            at++;
        }
        int digits = at - prefix.length();
        if (digits < 1 || digits > 6 || at + 1 >= path.length() || path.charAt(at) != '.') {
            return -1;
        }
        for (int i = at + 1; i < path.length(); i++) {
            if (isLineBreak(path.charAt(i))) {
                return -1;
            }
        }
        return at + 1;
    }

    /** The characters a regex {@code .} does not match. */
    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
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
