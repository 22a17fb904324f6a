package io.sail4j.ports.in;

import io.sail4j.core.lora.LoraRef;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.core.model.ModelId;
import io.sail4j.ports.out.TextRequest;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@code POST /v1/responses} request, optionally with a registered LoRA ({@code metadata.lora}) and
 * a completion window ({@code metadata.completion_window}). Input is a string or a list of messages.
 *
 * <p>Tinker checkpoint keys ({@code tinker_lora_signed_url} and friends) are not offered: Sail serves a
 * text request carrying them with the base model, so the adapter would be silently ignored. Sample
 * from a Tinker checkpoint with a {@link TokenCompleter}.
 */
public final class ResponseRequest {
    private static final Set<String> MODELED = Set.of("input", "instructions", "max_output_tokens", "temperature",
            "top_p", "background");

    private final TextRequest request;

    private ResponseRequest(TextRequest request) {
        this.request = request;
    }

    public static Builder builder(String model) {
        return new Builder().model(model);
    }

    public static Builder builder(ModelId model) {
        return new Builder().model(model.value());
    }

    /** The transport-neutral request this maps onto. */
    public TextRequest toTextRequest() {
        return request;
    }

    @Override
    public String toString() {
        return "ResponseRequest[model=" + request.model() + ", messages=" + request.messages().size()
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

        /** A plain string input (one user turn). */
        public Builder input(String text) {
            parts.messages.clear();
            parts.messages.add(TextRequest.Message.user(Objects.requireNonNull(text, "input")));
            return this;
        }

        /** Appends a message to the input. */
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

        public Builder instructions(String value) {
            parts.instructions = value;
            return this;
        }

        public Builder maxOutputTokens(int value) {
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

        /** A registered LoRA by name or UUID. */
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

        /** Run in the background (required for {@code flex}); the result is still awaited for you. */
        public Builder background(boolean value) {
            parts.background = value;
            return this;
        }

        public Builder metadata(String key, String value) {
            parts.metadata.put(key, value);
            return this;
        }

        public Builder metadata(Map<String, String> values) {
            parts.metadata.putAll(values);
            return this;
        }

        /** A field sail4j does not model (e.g. {@code user}, {@code prompt_cache_key}), sent as given. */
        public Builder extra(String field, Object value) {
            parts.extra.put(field, value);
            return this;
        }

        public Builder idempotencyKey(String value) {
            parts.idempotencyKey = value;
            return this;
        }

        /** The request; refuses with every violation. */
        public ResponseRequest build() {
            return new ResponseRequest(parts.build(TextRequest.Api.RESPONSES, "max_output_tokens", MODELED, false));
        }
    }
}
