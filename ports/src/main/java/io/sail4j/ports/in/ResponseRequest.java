package io.sail4j.ports.in;

import io.sail4j.core.model.ModelId;
import io.sail4j.ports.out.TextRequest;
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
        return TextRequestBuilder.describe("ResponseRequest", request);
    }

    public static final class Builder extends TextRequestBuilder<Builder> {
        private Builder() {
        }

        /** A plain string input (one user turn), replacing any messages given before. */
        public Builder input(String text) {
            messages.clear();
            messages.add(TextRequest.Message.user(Objects.requireNonNull(text, "input")));
            return this;
        }

        public Builder instructions(String value) {
            instructions = value;
            return this;
        }

        public Builder maxOutputTokens(int value) {
            maxTokens = value;
            return this;
        }

        /** Run in the background (required for {@code flex}); the result is still awaited for you. */
        public Builder background(boolean value) {
            background = value;
            return this;
        }

        /** The request; refuses with every violation. */
        public ResponseRequest build() {
            return new ResponseRequest(buildTextRequest(TextRequest.Api.RESPONSES, "max_output_tokens", MODELED, false));
        }
    }
}
