package io.sail4j.adapter.fake.internal;

import io.sail4j.core.model.ModelId;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.ports.out.TextRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to generate, as Sail reads it: which API, the model, the input (token ids or
 * messages), sampling values, and the metadata (which carries the window, the LoRA and the Tinker
 * checkpoint keys).
 */
public record ResponseSpec(Kind kind, ModelId model, int[] tokens, Optional<String> instructions,
                           List<TextRequest.Message> messages, Optional<Integer> maxOutputTokens, double temperature,
                           double topP, boolean logprobs, StopCondition stop, Map<String, String> metadata,
                           boolean background) {

    public enum Kind {
        /** Raw-token sampling on {@code /v1/responses}. */
        TOKENS,
        RESPONSES,
        CHAT_COMPLETIONS,
        MESSAGES;

        public boolean text() {
            return this != TOKENS;
        }
    }

    public ResponseSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(model, "model");
        tokens = tokens == null ? new int[0] : tokens.clone();
        Objects.requireNonNull(instructions, "instructions");
        messages = List.copyOf(messages);
        Objects.requireNonNull(maxOutputTokens, "maxOutputTokens");
        Objects.requireNonNull(stop, "stop");
        metadata = Map.copyOf(metadata);
    }

    public Optional<String> meta(String key) {
        return Optional.ofNullable(metadata.get(key));
    }

    /** A canonical form for idempotency comparisons of in-memory commands. */
    public String canonical() {
        return kind + "|" + model + "|" + Arrays.toString(tokens) + "|" + instructions + "|" + messages + "|" + maxOutputTokens
                + "|" + temperature + "|" + topP + "|" + logprobs + "|" + stop + "|" + new java.util.TreeMap<>(metadata)
                + "|" + background;
    }

    @Override
    public String toString() {
        return "ResponseSpec[" + kind + ", " + model + ", " + tokens.length + " tokens, " + messages.size() + " messages]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ResponseSpec that && canonical().equals(that.canonical());
    }

    @Override
    public int hashCode() {
        return canonical().hashCode();
    }
}
