package io.sail4j.adapter.fake.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.FileId;
import io.sail4j.core.lora.LoraName;
import io.sail4j.core.model.ModelId;
import io.sail4j.core.error.Findings;
import io.sail4j.core.rules.RequestRules;
import io.sail4j.core.sampling.SamplingParams;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.ports.out.TextRequest;
import io.sail4j.ports.out.UpdateLora;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads request bodies off the wire into the fake's commands. Every field problem becomes a
 * violation naming the wire field; all of them are reported together as one 400.
 */
public final class WireRequests {
    private WireRequests() {
    }

    public static SailState.LoraSpec createLora(JsonNode body) {
        Findings.Collector found = new Findings.Collector();
        String name = string(body, "name", found, true);
        if (name != null) {
            LoraName.violation("name", name).ifPresent(found::error);
        }
        List<ModelId> models = models(body, found, true);
        FileId config = fileId(body, "config_file_id", found);
        FileId weights = fileId(body, "weights_file_id", found);
        Optional<String> description = Optional.ofNullable(string(body, "description", found, false));
        Optional<String> displayName = Optional.ofNullable(string(body, "display_name", found, false));
        throwIfAny(found);
        return new SailState.LoraSpec(LoraName.of(name), models, config, weights, description, displayName);
    }

    public static UpdateLora updateLora(JsonNode body) {
        Findings.Collector found = new Findings.Collector();
        Optional<List<ModelId>> models = body.has("supported_models") ? Optional.of(models(body, found, true)) : Optional.empty();
        Optional<String> description = Optional.ofNullable(string(body, "description", found, false));
        Optional<String> displayName = Optional.ofNullable(string(body, "display_name", found, false));
        throwIfAny(found);
        return new UpdateLora(models, description, displayName);
    }

    /** A Responses, Chat Completions or Messages body; {@code kind} is the endpoint's text kind. */
    public static ResponseSpec response(JsonNode body, ResponseSpec.Kind kind) {
        Findings.Collector found = new Findings.Collector();
        String model = string(body, "model", found, true);
        Map<String, String> metadata = metadata(body, found);
        double temperature = number(body, "temperature", SamplingParams.DEFAULT_TEMPERATURE, found);
        double topP = number(body, "top_p", SamplingParams.DEFAULT_TOP_P, found);
        if (body.path("stream").asBoolean(false)) {
            found.error("stream", "is not supported by the emulator; send stream: false", true);
        }
        boolean background = kind == ResponseSpec.Kind.RESPONSES && bool(body, "background", false, found);
        boolean logprobs = bool(body, "logprobs", false, found);
        Optional<Integer> max = switch (kind) {
            case CHAT_COMPLETIONS -> integer(body, body.has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens", found);
            case MESSAGES -> integer(body, "max_tokens", found);
            default -> integer(body, "max_output_tokens", found);
        };
        List<TextRequest.Message> messages = new ArrayList<>();
        List<Integer> tokens = new ArrayList<>();
        Optional<String> instructions = Optional.empty();
        ResponseSpec.Kind actual = kind;
        if (kind == ResponseSpec.Kind.RESPONSES) {
            instructions = Optional.ofNullable(string(body, "instructions", found, false));
            JsonNode input = body.get("input");
            if (input == null || input.isNull()) {
                found.error("input", "is required");
            } else if (input.isTextual()) {
                messages.add(TextRequest.Message.user(input.asText()));
            } else if (input.isArray()) {
                for (int i = 0; i < input.size(); i++) {
                    JsonNode item = input.get(i);
                    if ("input_tokens".equals(item.path("type").asText())) {
                        actual = ResponseSpec.Kind.TOKENS;
                        tokenIds(item.get("token_ids"), "input[" + i + "].token_ids", tokens, found);
                    } else {
                        message(item, "input[" + i + "]", messages, found);
                    }
                }
            } else {
                found.error("input", "must be a string or an array of items");
            }
        } else {
            JsonNode list = body.get("messages");
            if (list == null || !list.isArray()) {
                found.error("messages", "is required: an array of messages");
            } else {
                for (int i = 0; i < list.size(); i++) {
                    message(list.get(i), "messages[" + i + "]", messages, found);
                }
            }
            if (kind == ResponseSpec.Kind.MESSAGES && body.has("system")) {
                instructions = Optional.of(content(body.get("system"), "system", found));
            }
        }
        StopCondition stop = StopCondition.none();
        if (actual == ResponseSpec.Kind.TOKENS) {
            stop = stop(body, found);
        }
        throwIfAny(found);
        int[] ids = tokens.stream().mapToInt(Integer::intValue).toArray();
        return new ResponseSpec(actual, ModelId.of(model), ids, instructions, actual == ResponseSpec.Kind.TOKENS ? List.of() : messages,
                max, temperature, topP, logprobs, stop, metadata, background);
    }

    private static StopCondition stop(JsonNode body, Findings.Collector found) {
        JsonNode strings = body.get("stop");
        JsonNode ids = body.get("stop_token_ids");
        boolean hasStrings = strings != null && !strings.isNull();
        boolean hasIds = ids != null && !ids.isNull();
        if (hasStrings && hasIds) {
            found.error("stop", "and stop_token_ids are exclusive: pass one");
            return StopCondition.none();
        }
        try {
            if (hasStrings) {
                if (strings.isTextual()) {
                    return StopCondition.string(strings.asText());
                }
                if (strings.isArray() && strings.size() > 0) {
                    List<String> all = new ArrayList<>();
                    strings.forEach(s -> all.add(s.isTextual() ? s.asText() : ""));
                    return StopCondition.strings(all);
                }
                found.error("stop", "must be a string or a non-empty array of strings");
            } else if (hasIds) {
                List<Integer> collected = new ArrayList<>();
                tokenIds(ids, "stop_token_ids", collected, found);
                if (!collected.isEmpty()) {
                    return StopCondition.tokens(collected.stream().mapToInt(Integer::intValue).toArray());
                }
            }
        } catch (InvalidRequestException e) {
            e.violations().forEach(found::error);
        }
        return StopCondition.none();
    }

    private static void tokenIds(JsonNode array, String field, List<Integer> into, Findings.Collector found) {
        if (array == null || !array.isArray() || array.isEmpty()) {
            found.error(field, "must be a non-empty array of token ids");
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode id = array.get(i);
            if (!id.canConvertToInt() || !id.isIntegralNumber() || id.asInt() < 0) {
                found.error(field + "[" + i + "]", "must be a non-negative token id", id);
                return;
            }
            into.add(id.asInt());
        }
    }

    private static void message(JsonNode item, String field, List<TextRequest.Message> into, Findings.Collector found) {
        if (!item.isObject() || !item.path("role").isTextual()) {
            found.error(field, "must be a message with a role and content");
            return;
        }
        into.add(new TextRequest.Message(item.get("role").asText(), content(item.get("content"), field + ".content", found)));
    }

    /** A string, or an array of parts whose {@code text} fields are joined. */
    private static String content(JsonNode content, String field, Findings.Collector found) {
        if (content == null || content.isNull()) {
            found.error(field, "is required");
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            content.forEach(part -> text.append(part.path("text").asText("")));
            return text.toString();
        }
        found.error(field, "must be a string or an array of content parts");
        return "";
    }

    private static Map<String, String> metadata(JsonNode body, Findings.Collector found) {
        JsonNode node = body.get("metadata");
        Map<String, String> metadata = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return metadata;
        }
        if (!node.isObject()) {
            found.error("metadata", "must be an object of string values");
            return metadata;
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            raw.put(field.getKey(), value.isTextual() ? value.asText() : value);
            if (value.isTextual()) {
                metadata.put(field.getKey(), value.asText());
            }
        }
        found.add(RequestRules.checkMetadata(raw));
        return metadata;
    }

    private static List<ModelId> models(JsonNode body, Findings.Collector found, boolean required) {
        JsonNode node = body.get("supported_models");
        if (node == null || !node.isArray() || node.isEmpty()) {
            if (required) {
                found.error("supported_models", "must list at least one model");
            }
            return List.of();
        }
        List<ModelId> models = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode id = node.get(i);
            if (!id.isTextual() || id.asText().isBlank()) {
                found.error("supported_models[" + i + "]", "must be a model id", id);
            } else {
                models.add(ModelId.of(id.asText()));
            }
        }
        return models;
    }

    private static FileId fileId(JsonNode body, String field, Findings.Collector found) {
        String value = string(body, field, found, true);
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.contains("/")) {
            found.error(field, "must be a file id", value);
            return null;
        }
        return FileId.of(value);
    }

    private static String string(JsonNode body, String field, Findings.Collector found, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                found.error(field, "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            found.error(field, "must be a string", node);
            return null;
        }
        return node.asText();
    }

    private static double number(JsonNode body, String field, double otherwise, Findings.Collector found) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return otherwise;
        }
        if (!node.isNumber()) {
            found.error(field, "must be a number", node);
            return otherwise;
        }
        return node.asDouble();
    }

    private static boolean bool(JsonNode body, String field, boolean otherwise, Findings.Collector found) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return otherwise;
        }
        if (!node.isBoolean()) {
            found.error(field, "must be true or false", node);
            return otherwise;
        }
        return node.asBoolean();
    }

    private static Optional<Integer> integer(JsonNode body, String field, Findings.Collector found) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            found.error(field, "must be an integer", node);
            return Optional.empty();
        }
        return Optional.of(node.asInt());
    }

    private static void throwIfAny(Findings.Collector found) {
        if (found.errorCount() > 0) {
            throw new InvalidRequestException(found.findings().errors());
        }
    }

    /** A violation for a body that is not a JSON object. */
    public static InvalidRequestException notAnObject() {
        return new InvalidRequestException(Violation.of("body", "must be a JSON object"));
    }
}
