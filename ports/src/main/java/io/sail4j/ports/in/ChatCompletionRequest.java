package io.sail4j.ports.in;

import io.sail4j.core.model.ModelId;
import io.sail4j.ports.out.TextRequest;
import java.util.Set;

/**
 * A {@code POST /v1/chat/completions} request (OpenAI shape), optionally with a registered LoRA and a
 * completion window. Synchronous on Sail, so {@code flex} (which needs background) is refused.
 *
 * <p>Tinker checkpoint keys are not offered: Sail serves a text request carrying them with the base
 * model. Sample from a Tinker checkpoint with a {@link TokenCompleter}.
 */
public final class ChatCompletionRequest {
    private static final Set<String> MODELED = Set.of("messages", "max_completion_tokens", "max_tokens", "temperature", "top_p");

    private final TextRequest request;

    private ChatCompletionRequest(TextRequest request) {
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
        return TextRequestBuilder.describe("ChatCompletionRequest", request);
    }

    public static final class Builder extends TextRequestBuilder<Builder> {
        private Builder() {
        }

        /** A system turn; Chat Completions carries it as a message. */
        public Builder system(String content) {
            return message("system", content);
        }

        public Builder maxCompletionTokens(int value) {
            maxTokens = value;
            return this;
        }

        public ChatCompletionRequest build() {
            return new ChatCompletionRequest(buildTextRequest(TextRequest.Api.CHAT_COMPLETIONS, "max_completion_tokens", MODELED, false));
        }
    }
}
