package io.sail4j.acceptance;

import static io.sail4j.acceptance.Fixtures.FAST_ONLY;
import static io.sail4j.acceptance.Fixtures.KIMI;
import static io.sail4j.acceptance.Fixtures.PLAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.adapter.fake.InMemorySail;
import io.sail4j.application.Sail;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.core.rules.RequestRules;
import io.sail4j.core.tinker.SignedCheckpointUrl;
import io.sail4j.ports.in.TokenCompleter;
import io.sail4j.ports.in.TokenCompleterOptions;
import io.sail4j.ports.local.SyntheticAdapter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The token completer's parameters, defaults and the documented refusals, at construction. */
class TokenCompleterRulesTest {
    static final SignedCheckpointUrl URL = SignedCheckpointUrl.of("https://tinker.example/archive.tar?X-Signature=secret-sig",
            Instant.parse("2030-01-01T00:00:00Z"));
    static final Map<String, Object> CONFIG = SyntheticAdapter.kimi().config();

    static InMemorySail fake;
    static Sail sail;

    @BeforeAll
    static void start() {
        fake = InMemorySail.builder().catalog(Fixtures.wideCatalog()).build();
        sail = Sail.builder(fake.backend("sk_rules")).catalog(Fixtures.wideCatalog()).build();
    }

    @AfterAll
    static void stop() {
        sail.close();
        fake.close();
    }

    static TokenCompleterOptions.Builder kimi() {
        return TokenCompleterOptions.builder(KIMI.value(), 64);
    }

    @Test
    void defaultsMirrorThePythonCompleter() {
        TokenCompleterOptions options = kimi().build();

        assertEquals(KIMI, options.model());
        assertEquals(64, options.maxTokens());
        assertEquals(1.0, options.sampling().temperature());
        assertEquals(1.0, options.sampling().topP());
        assertEquals(CompletionWindow.PRIORITY, options.completionWindow());
        assertTrue(options.sampling().logprobs());
        assertEquals(TokenCompleterOptions.SourceKind.NONE, options.sourceKind());
        assertTrue(options.metadata().isEmpty());
        assertTrue(options.timeout().isEmpty());
        assertEquals(0, options.maxInFlight());
    }

    static Stream<Arguments> refusedByTheOptions() {
        return Stream.of(
                Arguments.of("both sources", (Supplier<TokenCompleterOptions.Builder>) () -> kimi().lora("funnier-v1")
                        .tinkerLoraSignedUrl(URL).adapterConfig(CONFIG), List.of("lora")),
                Arguments.of("signed URL without adapter config", (Supplier<TokenCompleterOptions.Builder>) () -> kimi()
                        .tinkerLoraSignedUrl(URL), List.of("adapter_config")),
                Arguments.of("asap with a LoRA", (Supplier<TokenCompleterOptions.Builder>) () -> kimi().lora("funnier-v1")
                        .completionWindow(CompletionWindow.ASAP), List.of("completion_window")),
                Arguments.of("asap with a Tinker checkpoint", (Supplier<TokenCompleterOptions.Builder>) () -> kimi()
                        .tinkerLoraSignedUrl(URL).adapterConfig(CONFIG).completionWindow("asap"), List.of("completion_window")),
                Arguments.of("no model", (Supplier<TokenCompleterOptions.Builder>) () -> TokenCompleterOptions.builder()
                        .maxTokens(5), List.of("model")),
                Arguments.of("no max tokens", (Supplier<TokenCompleterOptions.Builder>) () -> TokenCompleterOptions.builder()
                        .model(KIMI), List.of("max_tokens")),
                Arguments.of("zero max tokens", (Supplier<TokenCompleterOptions.Builder>) () -> TokenCompleterOptions
                        .builder(KIMI.value(), 0), List.of("max_tokens")),
                Arguments.of("sampling out of range", (Supplier<TokenCompleterOptions.Builder>) () -> kimi().temperature(2.5)
                        .topP(1.5), List.of("temperature", "top_p")),
                Arguments.of("metadata the completer sets", (Supplier<TokenCompleterOptions.Builder>) () -> kimi()
                        .metadata("lora", "x").metadata("tinker_lora_signed_url", "y"),
                        List.of("metadata.lora", "metadata.tinker_lora_signed_url")),
                Arguments.of("checkpoint without adapter config", (Supplier<TokenCompleterOptions.Builder>) () -> kimi()
                        .tinkerCheckpoint("tinker://run/sampler_weights/step-1"), List.of("adapter_config")),
                Arguments.of("adapter config without a checkpoint", (Supplier<TokenCompleterOptions.Builder>) () -> kimi()
                        .adapterConfig(CONFIG), List.of("tinker_lora_signed_url")),
                Arguments.of("checkpoint name without a checkpoint", (Supplier<TokenCompleterOptions.Builder>) () -> kimi()
                        .tinkerLoraName("step-1"), List.of("tinker_lora_name")),
                Arguments.of("a LoRA name Sail would refuse", (Supplier<TokenCompleterOptions.Builder>) () -> kimi()
                        .lora("Funnier V1"), List.of("lora")),
                Arguments.of("adapter config that is not JSON", (Supplier<TokenCompleterOptions.Builder>) () -> kimi()
                        .tinkerLoraSignedUrl(URL).adapterConfig("{not json"), List.of("adapter_config")),
                Arguments.of("negative cap and timeout", (Supplier<TokenCompleterOptions.Builder>) () -> kimi().maxInFlight(-1)
                        .timeout(Duration.ZERO), List.of("max_in_flight", "timeout")),
                Arguments.of("everything at once", (Supplier<TokenCompleterOptions.Builder>) () -> TokenCompleterOptions.builder()
                        .temperature(-1).lora("funnier-v1").tinkerLoraSignedUrl(URL).completionWindow("asap"),
                        List.of("model", "max_tokens", "temperature", "lora", "adapter_config")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedByTheOptions")
    void theOptionsRefuseWithEveryViolation(String why, Supplier<TokenCompleterOptions.Builder> options, List<String> fields) {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> options.get().build());
        for (String field : fields) {
            assertTrue(refused.names(field), why + ": expected " + field + " in " + refused.getMessage());
        }
    }

    @Test
    void asapWithALoraGivesSailsOwnReason() {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> kimi().lora("funnier-v1").completionWindow("asap").build());
        assertEquals(List.of(RequestRules.ASAP_WITH_LORA), refused.violations().stream().map(Violation::rule).toList());
    }

    static Stream<Arguments> refusedAgainstTheCatalog() {
        return Stream.of(
                Arguments.of("a window the model lacks", TokenCompleterOptions.builder(FAST_ONLY.value(), 8), List.of("completion_window")),
                Arguments.of("a LoRA on a model without LoRA serving", TokenCompleterOptions.builder(PLAIN.value(), 8)
                        .lora("funnier-v1"), List.of("model")),
                Arguments.of("a LoRA on a model the catalog does not know", TokenCompleterOptions.builder("acme/unknown", 8)
                        .lora("funnier-v1"), List.of("model")),
                Arguments.of("a Tinker adapter above the max rank", kimi().tinkerLoraSignedUrl(URL)
                        .adapterConfig(SyntheticAdapter.kimi().rank(64).config()), List.of("adapter_config.r")),
                Arguments.of("a checkpoint path and no CheckpointUrlSource", kimi().tinkerCheckpoint("tinker://run/sampler_weights/s")
                        .adapterConfig(CONFIG), List.of("tinker_checkpoint")),
                Arguments.of("a locator no provider handles", kimi().loraLocator("team://funnier"), List.of("lora_locator")),
                Arguments.of("a window and LoRA support both wrong", TokenCompleterOptions.builder(PLAIN.value(), 8)
                        .lora("x1").completionWindow("overnight"), List.of("model", "completion_window")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedAgainstTheCatalog")
    void makingACompleterChecksTheModelCatalog(String why, TokenCompleterOptions.Builder options, List<String> fields) {
        TokenCompleterOptions built = options.build();
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> sail.tokenCompleter(built));
        for (String field : fields) {
            assertTrue(refused.names(field), why + ": expected " + field + " in " + refused.getMessage());
        }
    }

    @Test
    void aBaseModelCompleterNeedsNoCatalogEntry() {
        TokenCompleter completer = sail.tokenCompleter(TokenCompleterOptions.builder("acme/unknown", 8).build());
        assertEquals("acme/unknown", completer.options().model().value());
    }

    @Test
    void theSignedUrlNeverShowsItsSignature() {
        TokenCompleterOptions options = kimi().tinkerLoraSignedUrl(URL).adapterConfig(CONFIG).tinkerLoraName("step-7").build();
        TokenCompleter completer = sail.tokenCompleter(options);

        assertFalse(options.toString().contains("secret-sig"), options.toString());
        assertFalse(completer.toString().contains("secret-sig"), completer.toString());
        assertTrue(options.toString().contains("https://tinker.example/archive.tar"), options.toString());
    }
}
