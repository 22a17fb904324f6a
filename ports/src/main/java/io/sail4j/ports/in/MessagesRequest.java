package io.sail4j.ports.in;

import io.sail4j.core.model.ModelId;
import io.sail4j.ports.out.TextRequest;
import java.util.Set;

/**
 * A {@code POST /v1/messages} request (Anthropic shape: {@code system}, {@code messages}, required
 * {@code max_tokens}), optionally with a registered LoRA and a completion window. Synchronous on Sail,
 * so {@code flex} is refused.
 *
 * <p>Tinker checkpoint keys are not offered: Sail serves a text request carrying them with the base
 * model. Sample from a Tinker checkpoint with a {@link TokenCompleter}.
 */
public final class MessagesRequest {
    private static final Set<String> MODELED = Set.of("messages", "system", "max_tokens", "temperature", "top_p");

    private final TextRequest request;

    private MessagesRequest(TextRequest request) {
        this.request = request;
    }

    public static Builder builder(String model) {
        return new Builder().model(model);
    }

    public static Builder builder(ModelId model) {
        return new Builder().model(model.value());
    }

    public TextRequest toTextRequest() {
        return request;
    }

    @Override
    public String toString() {
        return TextRequestBuilder.describe("MessagesRequest", request);
    }

    public static final class Builder extends TextRequestBuilder<Builder> {
        private Builder() {
        }

        /** The system prompt; the Messages API carries it in its own {@code system} field, not as a message. */
        public Builder system(String value) {
            instructions = value;
            return this;
        }

        /** Required by the Messages API. */
        public Builder maxTokens(int value) {
            maxTokens = value;
            return this;
        }

        public MessagesRequest build() {
            return new MessagesRequest(buildTextRequest(TextRequest.Api.MESSAGES, "max_tokens", MODELED, true));
        }
    }
}
