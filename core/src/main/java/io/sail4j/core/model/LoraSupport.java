package io.sail4j.core.model;

import java.util.Set;

/**
 * How a base model takes LoRAs: the maximum rank and which modules an adapter may target
 * ({@code allTargetModules} true means Sail imposes no allowlist, as for Kimi-K2.6).
 */
public record LoraSupport(int maxRank, boolean allTargetModules, Set<String> allowedTargetModules) {
    public LoraSupport {
        if (maxRank <= 0) {
            throw new IllegalArgumentException("maxRank must be positive: " + maxRank);
        }
        allowedTargetModules = Set.copyOf(allowedTargetModules);
    }

    public static LoraSupport anyModule(int maxRank) {
        return new LoraSupport(maxRank, true, Set.of());
    }

    public static LoraSupport onlyModules(int maxRank, Set<String> modules) {
        return new LoraSupport(maxRank, false, modules);
    }

    public boolean allowsTarget(String module) {
        return allTargetModules || allowedTargetModules.contains(module);
    }
}
