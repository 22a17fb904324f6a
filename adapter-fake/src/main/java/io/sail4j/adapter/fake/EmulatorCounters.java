package io.sail4j.adapter.fake;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the emulator has seen: requests per route (e.g. {@code "POST /v1/files"}), faults injected per
 * kind, and, from its {@link InMemorySail}, objects created per kind and idempotent replays.
 */
public final class EmulatorCounters {
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> faults = new ConcurrentHashMap<>();
    private final InMemorySail sail;

    EmulatorCounters(InMemorySail sail) {
        this.sail = sail;
    }

    void request(String route) {
        requests.computeIfAbsent(route, k -> new LongAdder()).increment();
    }

    void fault(Fault fault) {
        faults.computeIfAbsent(fault.toString(), k -> new LongAdder()).increment();
    }

    /** Requests received for a route template, e.g. {@code requests("GET /v1/responses/{id}")}, faulted ones included. */
    public long requests(String route) {
        LongAdder count = requests.get(route);
        return count == null ? 0 : count.sum();
    }

    /** Every route seen, with its count. */
    public Map<String, Long> requests() {
        Map<String, Long> all = new TreeMap<>();
        requests.forEach((k, v) -> all.put(k, v.sum()));
        return all;
    }

    /** Faults injected, by fault ({@code "503"}, {@code "429:2"}, {@code "reset-after"}, ...). */
    public Map<String, Long> faults() {
        Map<String, Long> all = new TreeMap<>();
        faults.forEach((k, v) -> all.put(k, v.sum()));
        return all;
    }

    public long faultsInjected() {
        return faults.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Objects created of a kind: {@code file}, {@code lora} or {@code response}. */
    public long created(String kind) {
        return sail.createdCounts().getOrDefault(kind, 0L);
    }

    /** Requests answered by replaying an earlier one with the same idempotency key. */
    public long idempotentReplays() {
        return sail.idempotentReplays();
    }

    @Override
    public String toString() {
        return "EmulatorCounters[requests=" + requests() + ", created=" + sail.createdCounts() + ", replays="
                + idempotentReplays() + ", faults=" + faults() + "]";
    }
}
