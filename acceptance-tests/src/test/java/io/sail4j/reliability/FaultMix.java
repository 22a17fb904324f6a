package io.sail4j.reliability;

import io.sail4j.adapter.fake.Fault;
import io.sail4j.adapter.fake.FaultPlan;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Faults that hit a given share of all requests, split between kinds. {@link FaultPlan} tries its
 * probabilistic rules in order, each with its own draw, so each rule is given the chance that makes
 * its kind's overall share come out as asked: a rule only sees the requests the earlier ones spared.
 */
final class FaultMix {
    private final Map<Fault, Double> shares = new LinkedHashMap<>();

    /** This kind hits {@code share} (0..1) of all requests. */
    FaultMix with(Fault fault, double share) {
        shares.put(fault, share);
        return this;
    }

    double total() {
        return shares.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Adds the rules to {@code plan} for every route. */
    FaultPlan applyTo(FaultPlan plan) {
        if (total() > 1.0) {
            throw new IllegalArgumentException("shares add up to more than every request: " + shares);
        }
        double spared = 1.0;
        for (Map.Entry<Fault, Double> share : shares.entrySet()) {
            plan.withProbability(share.getValue() / spared, "*", share.getKey());
            spared -= share.getValue();
        }
        return plan;
    }

    /** The kinds, as the emulator's counters name them. */
    Iterable<String> names() {
        return shares.keySet().stream().map(Fault::toString).toList();
    }
}
