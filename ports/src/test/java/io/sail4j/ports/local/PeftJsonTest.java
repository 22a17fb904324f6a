package io.sail4j.ports.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.lora.AdapterConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

// adapter_config.json is read strictly (no duplicate keys, nothing after the object) and kept exactly as given.
class PeftJsonTest {

    @Test
    void aPeftConfigIsParsedKeepingEveryFieldInOrder() {
        String json = """
                {"peft_type":"LORA","task_type":"CAUSAL_LM","r":8,"lora_alpha":16,"lora_dropout":0.05,
                 "target_modules":["q_a_proj","o_proj"],"loftq_config":{},"layers_pattern":null,
                 "x_unknown":{"nested":[1,2.5,"three",true]}}
                """;
        AdapterConfig config = PeftJson.parseConfig("adapter_config", json);
        assertEquals(List.of("peft_type", "task_type", "r", "lora_alpha", "lora_dropout", "target_modules", "loftq_config",
                "layers_pattern", "x_unknown"), List.copyOf(config.raw().keySet()));
        assertEquals(Optional.of(8), config.rank());
        assertEquals(Map.of("nested", List.of(1, 2.5, "three", true)), config.raw().get("x_unknown"));
        assertEquals(config, PeftJson.parseConfig("adapter_config", PeftJson.toJson(config)), "toJson round-trips");
        assertEquals(json.replaceAll("\\s+", ""), PeftJson.toJson(config));
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {
            "{\"r\":8,\"r\":16}",                    // duplicate key: which r would Sail use?
            "{\"a\":{\"b\":1,\"b\":2}}",              // duplicate key, nested
            "{\"r\":8} {\"r\":16}",                  // trailing document
            "{\"r\":8}x",                            // trailing garbage
            "{\"r\":8",                              // truncated
            "[{\"r\":8}]",                           // not an object
            "\"r\"",
            "null",
            "",
            "   "})
    void malformedOrAmbiguousJsonIsRefusedNamingTheField(String json) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> PeftJson.parseConfig("adapter_config", json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.names("adapter_config"), e.getMessage());
    }

    @ParameterizedTest(name = "whitespace around the object is fine: {0}")
    @ValueSource(strings = {"{\"r\":8}   ", "\n{\"r\":8}\n", "\t {\"r\":8}\r\n"})
    void surroundingWhitespaceIsAccepted(String json) {
        assertEquals(Optional.of(8), PeftJson.parseConfig("adapter_config", json).rank());
    }
}
