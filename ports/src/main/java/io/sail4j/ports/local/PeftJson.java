package io.sail4j.ports.local;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.AdapterConfig;
import java.io.IOException;
import java.util.Map;

/**
 * Reads the two JSON documents of a PEFT adapter into {@code core} values: {@code adapter_config.json}
 * and the safetensors header. Strict: duplicate keys and trailing garbage are refused (trailing
 * spaces, which the safetensors format uses as padding, are fine).
 */
public final class PeftJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(110_000_000).maxNestingDepth(64).build());
    }

    private PeftJson() {
    }

    /** Parses an {@code adapter_config.json}; refusals name {@code field}. */
    public static AdapterConfig parseConfig(String field, byte[] json) {
        return AdapterConfig.of(parseObject(field, json, 0, json.length));
    }

    /** Parses an {@code adapter_config.json} given as a JSON string (Tinker's metadata form). */
    public static AdapterConfig parseConfig(String field, String json) {
        return parseConfig(field, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Serialises a config back to JSON, fields in their original order. */
    public static String toJson(AdapterConfig config) {
        try {
            return MAPPER.writeValueAsString(config.raw());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an AdapterConfig always serialises", e);
        }
    }

    static Map<String, Object> parseObject(String field, byte[] bytes, int offset, int length) {
        if (length == 0 || firstNonSpace(bytes, offset, length) != '{') {
            throw new InvalidRequestException(Violation.of(field, "must be a JSON object"));
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = MAPPER.readValue(bytes, offset, length, Map.class);
            return map;
        } catch (IOException e) {
            throw new InvalidRequestException(Violation.of(field, "must be valid JSON", firstLine(e.getMessage())));
        }
    }

    private static int firstNonSpace(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\n' && bytes[i] != '\r' && bytes[i] != '\t') {
                return bytes[i];
            }
        }
        return -1;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
