package io.sail4j.core.rules;

import io.sail4j.core.error.Findings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.Violation;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.core.model.LoraSupport;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.model.ModelId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

// Request rules: a LoRA request cannot use asap (Sail's 400 message quoted exactly); the window must be
// one the model supports; flex requires background; a LoRA source needs a model that serves LoRAs;
// metadata values are strings.
class RequestRulesTest {
    static final BaseModel KIMI = ModelCatalog.builtIn().find(ModelCatalog.KIMI_K2_6).orElseThrow();
    static final BaseModel STANDARD_ONLY = new BaseModel(ModelId.of("acme/standard-only"),
            Optional.of(LoraSupport.anyModule(16)), Set.of(CompletionWindow.STANDARD, CompletionWindow.FLEX), Optional.empty());
    static final BaseModel WINDOWS_UNKNOWN = BaseModel.known(ModelId.of("acme/unlisted"));

    static List<String> fields(Findings findings) {
        return findings.errors().stream().map(Violation::field).toList();
    }

    @Test
    void aLoraRequestOnAsapIsRefusedWithSailsOwnMessage() {
        Findings findings = RequestRules.checkWindow(KIMI, CompletionWindow.ASAP, true, false);
        assertEquals(List.of(Violation.of("completion_window", "lora requests cannot use completion_window=asap", "asap")),
                findings.errors());
        assertEquals("lora requests cannot use completion_window=asap", RequestRules.ASAP_WITH_LORA);
    }

    static Stream<Arguments> allowedWindows() {
        return Stream.of(
                Arguments.of(KIMI, "asap", false, false),
                Arguments.of(KIMI, "priority", true, false),
                Arguments.of(KIMI, "standard", true, false),
                Arguments.of(KIMI, "flex", true, true),
                Arguments.of(KIMI, "flex", false, true),
                Arguments.of(STANDARD_ONLY, "standard", true, false),
                Arguments.of(WINDOWS_UNKNOWN, "overnight", false, false),
                Arguments.of(WINDOWS_UNKNOWN, "priority", true, false));
    }

    @ParameterizedTest(name = "{0}: {1} with lora={2}, background={3} is allowed")
    @MethodSource("allowedWindows")
    void allowedWindowsPass(BaseModel model, String window, boolean lora, boolean background) {
        Findings findings = RequestRules.checkWindow(model, CompletionWindow.of(window), lora, background);
        assertEquals(List.of(), findings.errors());
    }

    static Stream<Arguments> refusedWindows() {
        return Stream.of(
                Arguments.of("a window the model lacks", STANDARD_ONLY, "priority", false, false, List.of("completion_window")),
                Arguments.of("an unknown window on a model whose windows are known", KIMI, "overnight", false, true, List.of("completion_window")),
                Arguments.of("flex without background", KIMI, "flex", false, false, List.of("background")),
                Arguments.of("flex without background, with a LoRA", KIMI, "flex", true, false, List.of("background")),
                Arguments.of("asap with a LoRA on a model lacking asap: both rules", STANDARD_ONLY, "asap", true, false,
                        List.of("completion_window", "completion_window")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedWindows")
    void refusedWindowsNameTheirField(String why, BaseModel model, String window, boolean lora, boolean background, List<String> expected) {
        Findings findings = RequestRules.checkWindow(model, CompletionWindow.of(window), lora, background);
        assertEquals(expected, fields(findings), why + ": " + findings.errors());
    }

    @Test
    void theWindowMessageListsWhatTheModelSupports() {
        Violation violation = RequestRules.checkWindow(STANDARD_ONLY, CompletionWindow.PRIORITY, false, false).errors().get(0);
        assertEquals("must be a window acme/standard-only supports [flex, standard]", violation.rule());
        assertEquals(RequestRules.FLEX_NEEDS_BACKGROUND,
                RequestRules.checkWindow(KIMI, CompletionWindow.FLEX, false, false).errors().get(0).rule());
    }

    @Test
    void aLoraSourceNeedsAModelThatServesLoras() {
        assertTrue(RequestRules.checkLoraModel(KIMI).ok());
        Findings findings = RequestRules.checkLoraModel(WINDOWS_UNKNOWN);
        assertEquals(List.of(Violation.of("model", "does not support LoRA serving", "acme/unlisted")), findings.errors());
    }

    @ParameterizedTest(name = "metadata value {1} ({0}) is refused")
    @CsvSource({"number, 1", "boolean, true", "list, list", "object, object", "null, null"})
    void metadataValuesMustBeStrings(String kind, String sample) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("lora", "funnier-v1");
        metadata.put("bad", switch (kind) {
            case "number" -> 1;
            case "boolean" -> true;
            case "list" -> List.of("a");
            case "object" -> Map.of("a", "b");
            default -> null;
        });
        Findings findings = RequestRules.checkMetadata(metadata);
        assertEquals(List.of("metadata.bad"), fields(findings), sample);
    }

    @Test
    void everyNonStringMetadataValueIsListed() {
        Map<String, Object> metadata = new java.util.LinkedHashMap<>();
        metadata.put("a", 1);
        metadata.put("ok", "");
        metadata.put("b", false);
        assertEquals(List.of("metadata.a", "metadata.b"), fields(RequestRules.checkMetadata(metadata)));
        assertTrue(RequestRules.checkMetadata(Map.of("completion_window", "priority", "lora", "x")).ok());
    }
}
