package io.sail4j.ports.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.AdapterConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Reads the two JSON documents of a PEFT adapter into {@code core} values: {@code adapter_config.json}
 * and the safetensors header. Strict: duplicate keys and trailing garbage are refused (trailing
 * spaces, which the safetensors format uses as padding, are fine).
 *
 * <p>Both are read by one streaming pass into plain maps and lists (what {@code core.rules} takes):
 * a full-size export's header holds ~140k distinct tensor names, so field names are not
 * canonicalized or interned (that symbol table dominated the parse), and duplicates are caught by
 * the map being filled rather than by a per-object detector.
 */
public final class PeftJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxStringLength(110_000_000).maxNestingDepth(64).build();
    private static final JsonFactory STREAMING = JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .streamReadConstraints(LIMITS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(LIMITS);
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
        Map<String, Object> map = new LinkedHashMap<>();
        streamObject(field, bytes, offset, length, map::put);
        return map;
    }

    /**
     * Reads a JSON object and hands each top-level entry to {@code entries} as it is read, in file
     * order, without keeping them; refusals name {@code field}. An entry already handed over stays
     * handed over when a later part of the document turns out to be malformed.
     */
    static void streamObject(String field, byte[] bytes, int offset, int length, BiConsumer<String, Object> entries) {
        if (length == 0 || firstNonSpace(bytes, offset, length) != '{') {
            throw new InvalidRequestException(Violation.of(field, "must be a JSON object"));
        }
        try (JsonParser parser = STREAMING.createParser(bytes, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(parser, "expected a JSON object");
            }
            Set<String> keys = new HashSet<>();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                Object value = value(parser, parser.nextToken());
                if (!keys.add(key)) {
                    throw new DuplicateKey(key);
                }
                entries.accept(key, value);
            }
            if (token != JsonToken.END_OBJECT) {
                throw new JsonParseException(parser, "unexpected " + token + " in an object");
            }
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new InvalidRequestException(Violation.of(field, "must be valid JSON",
                        "Trailing token (of type " + trailing + ") found after the object"));
            }
        } catch (DuplicateKey e) {
            throw new InvalidRequestException(Violation.of(field, "must be valid JSON", "Duplicate field '" + e.key + "'"));
        } catch (IOException e) {
            throw new InvalidRequestException(Violation.of(field, "must be valid JSON", firstLine(e.getMessage())));
        }
    }

    /** A key seen twice in one object: which value would Sail use? */
    private static final class DuplicateKey extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String key;

        DuplicateKey(String key) {
            super(null, null, false, false);
            this.key = key;
        }
    }

    /**
     * The entries of an object whose START_OBJECT was just read, as databind's untyped reading gives
     * them: insertion-ordered maps, lists, Integer/Long/BigInteger, Double, String, Boolean, null.
     */
    private static Map<String, Object> objectBody(JsonParser parser) throws IOException {
        // in file order, as databind's untyped maps; a tensor's object has three entries
        Map<String, Object> map = new LinkedHashMap<>(4, 1f);
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            Object value = value(parser, parser.nextToken());
            int before = map.size();
            map.put(key, value);
            if (map.size() == before) {
                throw new DuplicateKey(key);
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new JsonParseException(parser, "unexpected " + token + " in an object");
        }
        return map;
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            throw new JsonParseException(parser, "unexpected end of input");
        }
        switch (token) {
            case START_OBJECT:
                return objectBody(parser);
            case START_ARRAY: {
                List<Object> list = new ArrayList<>(4);
                JsonToken item;
                while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(value(parser, item));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return switch (parser.getNumberType()) {
                    case INT -> parser.getIntValue();
                    case LONG -> parser.getLongValue();
                    default -> parser.getBigIntegerValue();
                };
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new JsonParseException(parser, "unexpected " + token);
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
