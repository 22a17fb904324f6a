package io.sail4j.core.lora;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A PEFT {@code adapter_config.json}, from an already-parsed JSON object. Every field is kept exactly
 * as given ({@link #raw()} round-trips); the accessors read the fields Sail's rules look at without
 * judging them -- {@code io.sail4j.core.rules.AdapterRules} does that, so a bad config can still be
 * held, shown and reported in full.
 */
public final class AdapterConfig {
    private final Map<String, Object> raw;

    private AdapterConfig(Map<String, Object> raw) {
        this.raw = raw;
    }

    /** A deep, unmodifiable copy of {@code json} (a parsed JSON object: maps, lists, strings, numbers, booleans, nulls). */
    public static AdapterConfig of(Map<String, ?> json) {
        Objects.requireNonNull(json, "adapter config");
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) deepCopy(json);
        return new AdapterConfig(copy);
    }

    public Map<String, Object> raw() {
        return raw;
    }

    public Optional<Object> field(String name) {
        return Optional.ofNullable(raw.get(name));
    }

    public Optional<String> peftType() {
        return string("peft_type");
    }

    public Optional<String> taskType() {
        return string("task_type");
    }

    public Optional<String> baseModelNameOrPath() {
        return string("base_model_name_or_path");
    }

    /** {@code r} when it is an integral number; see {@code AdapterRules} for the rule. */
    public Optional<Integer> rank() {
        return integer(raw.get("r"));
    }

    /** {@code rank_pattern}: module pattern to rank, for entries whose rank is an integral number. */
    public Map<String, Integer> rankPattern() {
        Object value = raw.get("rank_pattern");
        if (!(value instanceof Map<?, ?> map)) {
            return Map.of();
        }
        Map<String, Integer> ranks = new LinkedHashMap<>();
        map.forEach((k, v) -> integer(v).ifPresent(r -> ranks.put(String.valueOf(k), r)));
        return Collections.unmodifiableMap(ranks);
    }

    /** {@code target_modules} as a list (a single string becomes a one-element list). */
    public List<String> targetModules() {
        Object value = raw.get("target_modules");
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    private Optional<String> string(String name) {
        return raw.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** Integral JSON numbers only: PEFT refuses a fractional rank such as {@code 8.0}. */
    static Optional<Integer> integer(Object value) {
        if (value instanceof Integer i) {
            return Optional.of(i);
        }
        if ((value instanceof Long || value instanceof java.math.BigInteger)
                && ((Number) value).longValue() >= Integer.MIN_VALUE && ((Number) value).longValue() <= Integer.MAX_VALUE
                && !(value instanceof java.math.BigInteger big && big.bitLength() > 31)) {
            return Optional.of(((Number) value).intValue());
        }
        return Optional.empty();
    }

    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(deepCopy(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AdapterConfig that && raw.equals(that.raw);
    }

    @Override
    public int hashCode() {
        return raw.hashCode();
    }

    @Override
    public String toString() {
        return "AdapterConfig" + raw;
    }
}
