package io.sail4j.ports.in;

import io.sail4j.core.lora.LoraRef;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.core.model.ModelId;
import io.sail4j.ports.out.TextRequest;
import java.util.Map;
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
        return "MessagesRequest[model=" + request.model() + ", messages=" + request.messages().size()
                + request.lora().map(l -> ", lora=" + l).orElse("") + request.window().map(w -> ", window=" + w).orElse("") + "]";
    }

    public static final class Builder {
        private final TextRequestParts parts = new TextRequestParts();

        private Builder() {
        }

        public Builder model(String value) {
            parts.model = value;
            return this;
        }

        public Builder system(String value) {
            parts.instructions = value;
            return this;
        }

        public Builder message(String role, String content) {
            parts.messages.add(new TextRequest.Message(role, content));
            return this;
        }

        public Builder user(String content) {
            return message("user", content);
        }

        public Builder assistant(String content) {
            return message("assistant", content);
        }

        /** Required by the Messages API. */
        public Builder maxTokens(int value) {
            parts.maxTokens = value;
            return this;
        }

        public Builder temperature(double value) {
            parts.temperature = value;
            return this;
        }

        public Builder topP(double value) {
            parts.topP = value;
            return this;
        }

        public Builder lora(String nameOrId) {
            parts.lora = nameOrId;
            return this;
        }

        public Builder lora(LoraRef ref) {
            parts.lora = ref.value();
            return this;
        }

        public Builder completionWindow(CompletionWindow value) {
            parts.window = value;
            return this;
        }

        public Builder completionWindow(String value) {
            return completionWindow(CompletionWindow.of(value));
        }

        public Builder metadata(String key, String value) {
            parts.metadata.put(key, value);
            return this;
        }

        public Builder metadata(Map<String, String> values) {
            parts.metadata.putAll(values);
            return this;
        }

        /** A field sail4j does not model, sent as given. */
        public Builder extra(String field, Object value) {
            parts.extra.put(field, value);
            return this;
        }

        public Builder idempotencyKey(String value) {
            parts.idempotencyKey = value;
            return this;
        }

        public MessagesRequest build() {
            return new MessagesRequest(parts.build(TextRequest.Api.MESSAGES, "max_tokens", MODELED, true));
        }
    }
}
