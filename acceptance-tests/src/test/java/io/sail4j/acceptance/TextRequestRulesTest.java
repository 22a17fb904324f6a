package io.sail4j.acceptance;

import static io.sail4j.acceptance.Fixtures.KIMI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.lora.LoraRef;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.ports.in.ChatCompletionRequest;
import io.sail4j.ports.in.MessagesRequest;
import io.sail4j.ports.in.ResponseRequest;
import io.sail4j.ports.out.TextRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The typed text-request builders: what they send, and what they refuse before anything is sent. */
class TextRequestRulesTest {

    @Test
    void aResponseRequestCarriesTheLoraWindowMetadataAndExtraFields() {
        TextRequest request = ResponseRequest.builder(KIMI).input("Tell me a joke").instructions("Be brief")
                .lora("funnier-v1").completionWindow("flex").background(true).maxOutputTokens(100).temperature(0.5)
                .metadata("experiment", "e-12").extra("prompt_cache_key", "jokes").build().toTextRequest();

        assertEquals(TextRequest.Api.RESPONSES, request.api());
        assertEquals(List.of(TextRequest.Message.user("Tell me a joke")), request.messages());
        assertEquals(Optional.of("Be brief"), request.instructions());
        assertEquals(Optional.of(LoraRef.parse("funnier-v1")), request.lora());
        assertEquals(Optional.of(CompletionWindow.FLEX), request.window());
        assertTrue(request.background());
        assertEquals(Optional.of(100), request.maxOutputTokens());
        assertEquals(Map.of("experiment", "e-12"), request.metadata());
        assertEquals(Map.of("prompt_cache_key", "jokes"), request.extra());
    }

    @Test
    void chatAndMessagesMapTheirOwnShapes() {
        TextRequest chat = ChatCompletionRequest.builder(KIMI).system("Be brief").user("Hi").assistant("Hello").user("Joke?")
                .maxCompletionTokens(50).build().toTextRequest();
        TextRequest messages = MessagesRequest.builder(KIMI).system("Be brief").user("Hi").maxTokens(50)
                .lora("6f1c2a9e-0d7b-4c1e-9a53-2b8f4e6d1c70").build().toTextRequest();

        assertEquals(TextRequest.Api.CHAT_COMPLETIONS, chat.api());
        assertEquals(List.of("system", "user", "assistant", "user"), chat.messages().stream().map(TextRequest.Message::role).toList());
        assertEquals(TextRequest.Api.MESSAGES, messages.api());
        assertEquals(Optional.of("Be brief"), messages.instructions());
        assertTrue(messages.lora().orElseThrow() instanceof LoraRef.ById);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("a response without input", (Supplier<Object>) () -> ResponseRequest.builder(KIMI).build(), List.of("input")),
                Arguments.of("messages without max_tokens", (Supplier<Object>) () -> MessagesRequest.builder(KIMI).user("hi").build(),
                        List.of("max_tokens")),
                Arguments.of("chat without messages", (Supplier<Object>) () -> ChatCompletionRequest.builder(KIMI).build(),
                        List.of("messages")),
                Arguments.of("sampling out of range", (Supplier<Object>) () -> ChatCompletionRequest.builder(KIMI).user("hi")
                        .temperature(2.5).topP(-0.1).maxCompletionTokens(0).build(),
                        List.of("temperature", "top_p", "max_completion_tokens")),
                Arguments.of("Tinker checkpoint keys", (Supplier<Object>) () -> ResponseRequest.builder(KIMI).input("hi")
                        .metadata("tinker_lora_signed_url", "https://x/y?sig=1").build(), List.of("metadata.tinker_lora_signed_url")),
                Arguments.of("the lora key as plain metadata", (Supplier<Object>) () -> ResponseRequest.builder(KIMI).input("hi")
                        .metadata("lora", "funnier-v1").build(), List.of("metadata.lora")),
                Arguments.of("a LoRA name Sail would refuse", (Supplier<Object>) () -> ResponseRequest.builder(KIMI).input("hi")
                        .lora("Not A Name").build(), List.of("metadata.lora")),
                Arguments.of("extra fields the builder sets, and streaming", (Supplier<Object>) () -> ResponseRequest.builder(KIMI)
                        .input("hi").extra("model", "other").extra("stream", true).build(), List.of("extra.model", "extra.stream")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void buildersRefuseWithEveryViolation(String why, Supplier<Object> build, List<String> fields) {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, build::get);
        for (String field : fields) {
            assertTrue(refused.names(field), why + ": expected " + field + " in " + refused.getMessage());
        }
    }

    @Test
    void tinkerKeysAreRefusedWithTheReason() {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> MessagesRequest.builder(KIMI)
                .user("hi").maxTokens(5).metadata("tinker_lora_adapter_config", "{}").build());
        assertTrue(refused.getMessage().contains("base model"), refused.getMessage());
        assertTrue(refused.getMessage().contains("TokenCompleter"), refused.getMessage());
    }
}
