package io.sail4j.ports.in;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.LoraRef;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.core.model.ModelId;
import io.sail4j.core.sampling.SamplingParams;
import io.sail4j.ports.out.TextRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options the three text-request builders share (model, messages, sampling, LoRA, window,
 * metadata, extra fields) and the one check they all build through. Each API's builder adds only what
 * differs: its name for the token limit, where a system prompt goes, and Responses' input and background.
 *
 * @param <B> the concrete builder, so that every option returns it for chaining
 */
abstract class TextRequestBuilder<B extends TextRequestBuilder<B>> {
    /** Metadata keys set through typed options, or not offered on text requests at all. */
    static final Set<String> TYPED_METADATA = Set.of("lora", "completion_window");
    static final Set<String> TINKER_METADATA = Set.of("tinker_lora_signed_url", "tinker_lora_adapter_config", "tinker_lora_name");

    String model;
    final List<TextRequest.Message> messages = new ArrayList<>();
    String instructions;
    Integer maxTokens;
    Double temperature;
    Double topP;
    String lora;
    CompletionWindow window;
    boolean background;
    final Map<String, String> metadata = new LinkedHashMap<>();
    final Map<String, Object> extra = new LinkedHashMap<>();
    String idempotencyKey;

    TextRequestBuilder() {
    }

    /** Safe: each subclass is declared as {@code Builder extends TextRequestBuilder<Builder>}. */
    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    public B model(String value) {
        model = value;
        return self();
    }

    /** Appends a conversation turn. */
    public B message(String role, String content) {
        messages.add(new TextRequest.Message(role, content));
        return self();
    }

    public B user(String content) {
        return message("user", content);
    }

    public B assistant(String content) {
        return message("assistant", content);
    }

    public B temperature(double value) {
        temperature = value;
        return self();
    }

    public B topP(double value) {
        topP = value;
        return self();
    }

    /** A registered LoRA by name or UUID. */
    public B lora(String nameOrId) {
        lora = nameOrId;
        return self();
    }

    public B lora(LoraRef ref) {
        lora = ref.value();
        return self();
    }

    public B completionWindow(CompletionWindow value) {
        window = value;
        return self();
    }

    public B completionWindow(String value) {
        return completionWindow(CompletionWindow.of(value));
    }

    public B metadata(String key, String value) {
        metadata.put(key, value);
        return self();
    }

    public B metadata(Map<String, String> values) {
        metadata.putAll(values);
        return self();
    }

    /** A field sail4j does not model (e.g. {@code user}), sent as given. */
    public B extra(String field, Object value) {
        extra.put(field, value);
        return self();
    }

    public B idempotencyKey(String value) {
        idempotencyKey = value;
        return self();
    }

    /** The {@code toString} of a built request: its shape, never the message contents. */
    static String describe(String requestType, TextRequest request) {
        return requestType + "[model=" + request.model() + ", messages=" + request.messages().size()
                + request.lora().map(l -> ", lora=" + l).orElse("") + request.window().map(w -> ", window=" + w).orElse("") + "]";
    }

    /** The request in the API's terms; refuses with every violation. */
    final TextRequest buildTextRequest(TextRequest.Api api, String maxTokensField, Set<String> modeledFields, boolean maxTokensRequired) {
        List<Violation> violations = new ArrayList<>();
        ModelId modelId = null;
        if (model == null || model.isBlank()) {
            violations.add(Violation.of("model", "is required", model));
        } else {
            modelId = ModelId.of(model);
        }
        if (messages.isEmpty()) {
            violations.add(Violation.of(api == TextRequest.Api.RESPONSES ? "input" : "messages", "must hold at least one message"));
        }
        if (maxTokensRequired && maxTokens == null) {
            violations.add(Violation.of(maxTokensField, "is required"));
        }
        if (maxTokens != null && maxTokens <= 0) {
            violations.add(Violation.of(maxTokensField, "must be a positive integer", maxTokens));
        }
        SamplingParams.check(1, temperature == null ? 1.0 : temperature, topP == null ? 1.0 : topP).errors().forEach(violations::add);
        Optional<LoraRef> ref = Optional.empty();
        if (lora != null) {
            try {
                ref = Optional.of(LoraRef.parse("metadata.lora", lora));
            } catch (InvalidRequestException e) {
                violations.addAll(e.violations());
            }
        }
        metadata.forEach((key, value) -> {
            if (TYPED_METADATA.contains(key)) {
                violations.add(Violation.of("metadata." + key, "is set with the typed " + key + " option"));
            } else if (TINKER_METADATA.contains(key)) {
                violations.add(Violation.of("metadata." + key, "is not offered on text requests: Sail serves them with the"
                        + " base model; sample from a Tinker checkpoint with a TokenCompleter"));
            } else if (value == null) {
                violations.add(Violation.of("metadata." + key, "must be a string", null));
            }
        });
        extra.keySet().forEach(key -> {
            if (modeledFields.contains(key) || key.equals("metadata") || key.equals("model")) {
                violations.add(Violation.of("extra." + key, "is a field this builder sets; use its option"));
            } else if (key.equals("stream")) {
                violations.add(Violation.of("extra.stream", "is not supported: results are returned whole"));
            }
        });
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        Map<String, Object> extraCopy = new LinkedHashMap<>(extra);
        return new TextRequest(api, modelId, Optional.ofNullable(instructions), messages, Optional.ofNullable(maxTokens),
                Optional.ofNullable(temperature), Optional.ofNullable(topP), Optional.ofNullable(window), ref, metadata,
                background, extraCopy, Optional.ofNullable(idempotencyKey));
    }
}
