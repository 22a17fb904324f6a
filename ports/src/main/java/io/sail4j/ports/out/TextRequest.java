package io.sail4j.ports.out;

import io.sail4j.core.lora.LoraRef;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.core.model.ModelId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A text request on one of Sail's three text APIs (Responses, Chat Completions, Messages). Only a
 * registered LoRA can be named: Sail serves text requests that carry Tinker checkpoint keys with
 * the base model, so this type does not offer them. {@code extra} holds API fields sail4j does not
 * model; they are sent as given.
 */
public record TextRequest(Api api, ModelId model, Optional<String> instructions, List<Message> messages,
                          Optional<Integer> maxOutputTokens, Optional<Double> temperature, Optional<Double> topP,
                          Optional<CompletionWindow> window, Optional<LoraRef> lora, Map<String, String> metadata,
                          boolean background, Map<String, Object> extra, Optional<String> idempotencyKey) {

    /** Which Sail API carries the request. */
    public enum Api {
        /** {@code POST /v1/responses}. */
        RESPONSES,
        /** {@code POST /v1/chat/completions}. */
        CHAT_COMPLETIONS,
        /** {@code POST /v1/messages}. */
        MESSAGES
    }

    /** One conversation turn; a Responses request with a plain string input is a single user message. */
    public record Message(String role, String content) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }

        public static Message user(String content) {
            return new Message("user", content);
        }
    }

    public TextRequest {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(instructions, "instructions");
        messages = List.copyOf(messages);
        Objects.requireNonNull(maxOutputTokens, "maxOutputTokens");
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(topP, "topP");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(lora, "lora");
        metadata = Map.copyOf(metadata);
        extra = Map.copyOf(extra);
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }
}
