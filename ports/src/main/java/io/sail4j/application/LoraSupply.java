package io.sail4j.application;

import io.sail4j.core.lora.LoraSource;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Where a completer gets the LoRA source of its next request. */
interface LoraSupply {

    /** The source to send now (empty: the base model). */
    CompletableFuture<Optional<LoraSource>> current();

    /**
     * Sail refused {@code used} as unavailable (e.g. an expired checkpoint URL). True when a fresh
     * source will be resolved for the next call, so one retry can help.
     */
    boolean refused(LoraSource used);

    static LoraSupply none() {
        return fixed(Optional.empty());
    }

    static LoraSupply fixed(Optional<LoraSource> source) {
        CompletableFuture<Optional<LoraSource>> value = CompletableFuture.completedFuture(source);
        return new LoraSupply() {
            @Override
            public CompletableFuture<Optional<LoraSource>> current() {
                return value;
            }

            @Override
            public boolean refused(LoraSource used) {
                return false;
            }
        };
    }
}
