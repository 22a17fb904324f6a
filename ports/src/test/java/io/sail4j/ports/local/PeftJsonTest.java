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

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "{}",
            "{\"a\":1,\"b\":-2147483649,\"c\":9223372036854775808,\"d\":-0,\"e\":2147483647,\"f\":-2147483648}",
            "{\"x\":1.5,\"y\":1e3,\"z\":-2.5E-3,\"w\":1e400,\"v\":0.1}",
            "{\"s\":\"caf\\u00e9 \\\"q\\\" \\n\",\"t\":\"\u00fcber \ud83d\ude00\",\"u\":\"\"}",
            "{\"n\":null,\"t\":true,\"f\":false,\"l\":[],\"o\":{},\"m\":[[1,[2,{\"k\":[null]}]],{\"a\":{\"b\":{}}}]}",
            "{\"t\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},\"__metadata__\":{\"format\":\"pt\"}}",
            "{\"big\":[123456789012345678901234567890, -123456789012345678901234567890]}",
            "  {\"a\" : [ 1 , 2 ] }   "})
    void readsEveryJsonValueAsDatabindsUntypedMapsDo(String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Object expected = PeftJson.MAPPER.readValue(bytes, Map.class);
        Map<String, Object> actual = PeftJson.parseObject("adapter_config", bytes, 0, bytes.length);
        assertEquals(expected, actual);
        assertEquals(String.valueOf(expected), String.valueOf(actual), "same types, same order");
        assertEquals(types(expected), types(actual));
    }

    /** The value's classes, recursively, so an Integer read as a Long would show. */
    static Object types(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, types(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(PeftJsonTest::types).toList();
        }
        return value == null ? "null" : value.getClass().getName();
    }

    @ParameterizedTest(name = "whitespace around the object is fine: {0}")
    @ValueSource(strings = {"{\"r\":8}   ", "\n{\"r\":8}\n", "\t {\"r\":8}\r\n"})
    void surroundingWhitespaceIsAccepted(String json) {
        assertEquals(Optional.of(8), PeftJson.parseConfig("adapter_config", json).rank());
    }
}
