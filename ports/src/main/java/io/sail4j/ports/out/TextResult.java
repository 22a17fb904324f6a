package io.sail4j.ports.out;

import io.sail4j.core.model.ModelId;
import java.util.Optional;

/** The text a model produced, with token usage. {@code finishReason} is the API's own word for why it stopped. */
public record TextResult(String id, ModelId model, String text, Usage usage, Optional<String> finishReason) {

    public record Usage(long inputTokens, long outputTokens) {
        public long totalTokens() {
            return inputTokens + outputTokens;
        }
    }
}
