package io.sail4j.core.rules;

import io.sail4j.core.error.Findings;
import io.sail4j.core.lora.AdapterConfig;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.model.LinearShape;
import io.sail4j.core.model.LoraSupport;
import io.sail4j.core.model.ModelArchitecture;
import io.sail4j.core.safetensors.SafetensorsHeader;
import io.sail4j.core.safetensors.TensorEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Sail's adapter requirements, checked against one base model: the PEFT config rules, and the
 * weights' {@code lora_A}/{@code lora_B} shapes against the model's architecture.
 */
public final class AdapterRules {
    /** Shape problems listed one by one before the rest is summarised. */
    public static final int LISTED_TENSOR_PROBLEMS = 20;

    private static final String LORA_PREFIX = "base_model.model.";
    private static final String WEIGHT_SUFFIX = ".weight";
    private static final String HALF_MARK = ".lora_";

    private AdapterRules() {
    }

    /** The config rules: peft_type LORA, task_type CAUSAL_LM, r (and rank_pattern) in 1..max rank, target_modules, base model. */
    public static Findings checkConfig(AdapterConfig config, BaseModel model) {
        Findings.Collector found = new Findings.Collector();
        Optional<LoraSupport> support = model.lora();
        if (support.isEmpty()) {
            found.error("model", "does not take LoRAs", model.id());
        }
        if (!"LORA".equals(config.raw().get("peft_type"))) {
            found.error("adapter_config.peft_type", "must be \"LORA\"", config.raw().get("peft_type"));
        }
        if (!"CAUSAL_LM".equals(config.raw().get("task_type"))) {
            found.error("adapter_config.task_type", "must be \"CAUSAL_LM\"", config.raw().get("task_type"));
        }
        int maxRank = support.map(LoraSupport::maxRank).orElse(Integer.MAX_VALUE);
        Optional<Integer> rank = config.rank();
        if (rank.isEmpty() || rank.get() <= 0) {
            found.error("adapter_config.r", "must be a positive integer", config.raw().get("r"));
        } else if (rank.get() > maxRank) {
            found.error("adapter_config.r", "must be at most " + model.id() + "'s max rank " + maxRank, rank.get());
        }
        if (config.raw().get("rank_pattern") instanceof Map<?, ?> pattern) {
            pattern.forEach((key, value) -> {
                Optional<Integer> r = config.rankPattern().containsKey(String.valueOf(key))
                        ? Optional.of(config.rankPattern().get(String.valueOf(key))) : Optional.empty();
                if (r.isEmpty() || r.get() <= 0) {
                    found.error("adapter_config.rank_pattern." + key, "must be a positive integer", value);
                } else if (r.get() > maxRank) {
                    found.error("adapter_config.rank_pattern." + key, "must be at most " + model.id() + "'s max rank " + maxRank, r.get());
                }
            });
        } else if (config.raw().containsKey("rank_pattern") && config.raw().get("rank_pattern") != null) {
            found.error("adapter_config.rank_pattern", "must be an object of module pattern to rank", config.raw().get("rank_pattern"));
        }
        checkTargetModules(config, support, found);
        checkBaseModel(config, model, found);
        return found.findings();
    }

    private static void checkTargetModules(AdapterConfig config, Optional<LoraSupport> support, Findings.Collector found) {
        Object targets = config.raw().get("target_modules");
        boolean isList = targets instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(t -> t instanceof String s && !s.isEmpty());
        boolean isString = targets instanceof String s && !s.isEmpty();
        if (!isList && !isString) {
            found.error("adapter_config.target_modules", "must be a non-empty list of module names or a string", targets);
            return;
        }
        if (support.isPresent() && !support.get().allTargetModules() && isList) {
            for (String module : config.targetModules()) {
                if (!support.get().allowsTarget(module)) {
                    found.error("adapter_config.target_modules", "must be modules the base model supports "
                            + support.get().allowedTargetModules(), module);
                }
            }
        }
    }

    private static void checkBaseModel(AdapterConfig config, BaseModel model, Findings.Collector found) {
        Object named = config.raw().get("base_model_name_or_path");
        String id = model.id().value();
        if (!(named instanceof String s) || s.isBlank()) {
            found.warning("adapter_config.base_model_name_or_path", "should name the base model " + id, named);
        } else if (!namesModel(s, id)) {
            found.warning("adapter_config.base_model_name_or_path", "should name the base model " + id, s);
        }
    }

    /** Exactly the id, or a path or hub reference ending in it (case-insensitive). */
    static boolean namesModel(String named, String id) {
        String a = named.trim().toLowerCase(Locale.ROOT);
        String b = id.toLowerCase(Locale.ROOT);
        return a.equals(b) || a.endsWith("/" + b) || a.endsWith("/" + b + "/");
    }

    /**
     * The weights against the model's architecture: every {@code lora_A} is {@code [r, in]} and every
     * {@code lora_B} {@code [out, r]} of a linear module the model has, both halves present, r as the
     * config (or its rank_pattern) says. Models without a known architecture are not checked here.
     */
    public static Findings checkWeights(AdapterConfig config, SafetensorsHeader header, BaseModel model) {
        if (model.architecture().isEmpty()) {
            return Findings.none();
        }
        ModelArchitecture architecture = model.architecture().get();
        Ranks ranks = new Ranks(config);
        List<String> problems = new ArrayList<>();
        // A full export has ~70k modules: hashed here, sorted only for reporting the incomplete ones.
        Map<String, boolean[]> halves = new HashMap<>();
        for (TensorEntry tensor : header.tensors()) {
            checkTensor(tensor, ranks, architecture, model, problems, halves);
        }
        List<String> incomplete = new ArrayList<>();
        halves.forEach((module, seen) -> {
            if (!seen[0] || !seen[1]) {
                incomplete.add(module);
            }
        });
        incomplete.sort(null);
        for (String module : incomplete) {
            problems.add(module + (halves.get(module)[0] ? ": has lora_A but no lora_B" : ": has lora_B but no lora_A"));
        }
        Findings.Collector found = new Findings.Collector();
        if (halves.isEmpty() && problems.isEmpty()) {
            found.error("adapter_model.safetensors", "must hold lora_A/lora_B weight tensors", header.tensors().size() + " tensors");
        }
        for (int i = 0; i < problems.size() && i < LISTED_TENSOR_PROBLEMS; i++) {
            String problem = problems.get(i);
            int colon = problem.indexOf(": ");
            found.error("adapter_model.safetensors[" + problem.substring(0, colon) + "]", problem.substring(colon + 2));
        }
        if (problems.size() > LISTED_TENSOR_PROBLEMS) {
            found.error("adapter_model.safetensors", "has " + (problems.size() - LISTED_TENSOR_PROBLEMS)
                    + " more tensor problems like the ones above", problems.size() + " in all");
        }
        return found.findings();
    }

    private static void checkTensor(TensorEntry tensor, Ranks ranks, ModelArchitecture architecture,
                                    BaseModel model, List<String> problems, Map<String, boolean[]> halves) {
        LoraTensor lora = LoraTensor.parse(tensor.name());
        if (lora == null) {
            problems.add(tensor.name() + ": is not a LoRA weight (expected base_model.model.<module>.lora_A.weight or lora_B.weight)");
            return;
        }
        String module = lora.module();
        boolean isA = lora.isA();
        String path = textModulePath(module);
        Optional<LinearShape> shape = path != null ? architecture.linear(path) : Optional.empty();
        if (shape.isEmpty()) {
            problems.add(tensor.name() + ": names no linear module of " + model.id());
            return;
        }
        halves.computeIfAbsent(module, m -> new boolean[2])[isA ? 0 : 1] = true;
        Optional<Integer> rank = ranks.forModule(module);
        if (tensor.rank() != 2) {
            problems.add(tensor.name() + ": must be 2-dimensional, got shape " + tensor.shape());
            return;
        }
        long r = isA ? tensor.shape().get(0) : tensor.shape().get(1);
        long other = isA ? tensor.shape().get(1) : tensor.shape().get(0);
        long otherExpected = isA ? shape.get().in() : shape.get().out();
        if (other != otherExpected) {
            String expected = isA ? "[r, " + shape.get().in() + "]" : "[" + shape.get().out() + ", r]";
            problems.add(tensor.name() + ": shape " + tensor.shape() + " must be " + expected + " for " + shape.get() + " layer");
        } else if (rank.isPresent() && r != rank.get()) {
            problems.add(tensor.name() + ": rank " + r + " disagrees with the config's r = " + rank.get());
        }
    }

    /**
     * {@code base_model.model.<module>.lora_<A|B>[.<adapter name>].weight}, split as the pattern
     * {@code base_model\.model\.(.+)\.lora_([AB])(?:\.[A-Za-z0-9_-]+)?\.weight} would (the longest
     * module wins), by hand: a full export has ~140k tensors.
     */
    record LoraTensor(String module, boolean isA) {
        static LoraTensor parse(String name) {
            if (name.length() < LORA_PREFIX.length() + WEIGHT_SUFFIX.length() || !name.startsWith(LORA_PREFIX)
                    || !name.endsWith(WEIGHT_SUFFIX)) {
                return null;
            }
            String middle = name.substring(LORA_PREFIX.length(), name.length() - WEIGHT_SUFFIX.length());
            LoraTensor found = splitHalf(middle);
            if (found == null) {
                int dot = middle.lastIndexOf('.');
                if (dot > 0 && isAdapterName(middle, dot + 1)) {
                    found = splitHalf(middle.substring(0, dot));
                }
            }
            // a line break can only sit in the module (the other parts are fixed or [A-Za-z0-9_-]), where the pattern's . refuses it
            return found == null || hasLineBreak(name) ? null : found;
        }

        /** {@code <module>.lora_A} or {@code <module>.lora_B} with a non-empty module. */
        private static LoraTensor splitHalf(String text) {
            int markAt = text.length() - HALF_MARK.length() - 1;
            if (markAt < 1 || !text.startsWith(HALF_MARK, markAt)) {
                return null;
            }
            char half = text.charAt(text.length() - 1);
            if (half != 'A' && half != 'B') {
                return null;
            }
            return new LoraTensor(text.substring(0, markAt), half == 'A');
        }

        private static boolean isAdapterName(String text, int from) {
            if (from >= text.length()) {
                return false;
            }
            for (int i = from; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The module's path in the text model ({@code layers.N.<...>} or {@code lm_head}) once an optional
     * {@code language_model.} and {@code model.} are taken off; null when it is neither. {@code module}
     * is one from {@link LoraTensor#parse}, so it holds no line break.
     */
    static String textModulePath(String module) {
        String rest = module;
        if (rest.startsWith("language_model.")) {
            rest = rest.substring("language_model.".length());
        }
        if (rest.startsWith("model.")) {
            rest = rest.substring("model.".length());
        }
        if (rest.equals("lm_head")) {
            return rest;
        }
        if (!rest.startsWith("layers.")) {
            return null;
        }
        int at = "layers.".length();
        while (at < rest.length() && rest.charAt(at) >= '0' && rest.charAt(at) <= '9') {
            at++;
        }
        if (at == "layers.".length() || at + 1 >= rest.length() || rest.charAt(at) != '.') {
            return null;
        }
        return rest;
    }

    /** Whether a regex {@code .} would stop at one of its characters. */
    private static boolean hasLineBreak(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    /** The config's r and rank_pattern, read once per check; each pattern compiled once. */
    private static final class Ranks {
        private final Optional<Integer> rank;
        private final List<Map.Entry<String, Integer>> patterns;
        private final Map<String, Optional<Pattern>> compiled = new HashMap<>();

        Ranks(AdapterConfig config) {
            this.rank = config.rank();
            this.patterns = List.copyOf(config.rankPattern().entrySet());
        }

        Optional<Integer> forModule(String module) {
            for (Map.Entry<String, Integer> entry : patterns) {
                if (modulePatternMatches(entry.getKey(), module, key -> compiled.computeIfAbsent(key, AdapterRules::suffixPattern))) {
                    return Optional.of(entry.getValue());
                }
            }
            return rank;
        }
    }

    /** The rank PEFT applies to this module: the first matching rank_pattern key, else r. */
    public static Optional<Integer> rankFor(AdapterConfig config, String module) {
        return new Ranks(config).forModule(module);
    }

    /** PEFT's rule: the key matches the module name or a dot-separated suffix of it (as a regex when it is one). */
    static boolean modulePatternMatches(String key, String module) {
        return modulePatternMatches(key, module, AdapterRules::suffixPattern);
    }

    private static boolean modulePatternMatches(String key, String module, Function<String, Optional<Pattern>> patterns) {
        if (module.equals(key) || module.endsWith("." + key)) {
            return true;
        }
        return patterns.apply(key).map(pattern -> pattern.matcher(module).matches()).orElse(false);
    }

    private static Optional<Pattern> suffixPattern(String key) {
        try {
            return Optional.of(Pattern.compile("(.*\\.)?" + key + "$"));
        } catch (PatternSyntaxException e) {
            return Optional.empty();
        }
    }
}
