package io.sail4j.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sail4j.core.error.ApiError;
import io.sail4j.core.error.ApiErrors;
import io.sail4j.core.error.InvalidAnswerException;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.FileId;
import io.sail4j.core.lora.Lora;
import io.sail4j.core.lora.LoraName;
import io.sail4j.core.lora.LoraSource;
import io.sail4j.core.lora.ValidationRecord;
import io.sail4j.core.lora.ValidationStatus;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.core.model.LoraSupport;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.model.ModelId;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.core.sampling.StopReason;
import io.sail4j.ports.local.PeftJson;
import io.sail4j.ports.out.CreateLora;
import io.sail4j.ports.out.Page;
import io.sail4j.ports.out.StoredFile;
import io.sail4j.ports.out.TextRequest;
import io.sail4j.ports.out.TextResult;
import io.sail4j.ports.out.TokenSampleRequest;
import io.sail4j.ports.out.UpdateLora;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Sail's wire format, both ways: request bodies from the SPI's commands, domain values from answers.
 * Every field name sail4j fills in where Sail's docs are silent (marked "ours" in the API notes) is
 * written here and nowhere else, so a correction from Sail lands in one place.
 */
final class SailWire {
    static final String FILES = "/files";
    static final String LORAS = "/loras";
    static final String MODELS = "/models";
    static final String RESPONSES = "/responses";
    static final String CHAT_COMPLETIONS = "/chat/completions";
    static final String MESSAGES = "/messages";

    static final String HEADER_REQUEST_ID = "x-request-id";
    static final String HEADER_IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String HEADER_RETRY_AFTER = "Retry-After";
    static final int MAX_IDEMPOTENCY_KEY_CHARS = ApiErrors.MAX_IDEMPOTENCY_KEY_CHARS;

    static final String PART_PURPOSE = "purpose";
    static final String PART_FILE = "file";
    static final String QUERY_LIMIT = "limit";
    static final String QUERY_AFTER = "after";

    static final String META_LORA = "lora";
    static final String META_COMPLETION_WINDOW = "completion_window";
    static final String META_TINKER_URL = "tinker_lora_signed_url";
    static final String META_TINKER_CONFIG = "tinker_lora_adapter_config";
    static final String META_TINKER_NAME = "tinker_lora_name";

    /** Anthropic's Messages API requires {@code max_tokens}; used when the request sets none. */
    static final int MESSAGES_DEFAULT_MAX_TOKENS = 1024;

    static final ObjectMapper MAPPER = JsonMapper.builder().build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(Integer.MAX_VALUE - 16).maxNestingDepth(200).build());
    }

    private SailWire() {
    }

    // ---------------------------------------------------------------- requests

    static byte[] bytes(JsonNode body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static ObjectNode createLora(CreateLora command) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("name", command.name().value());
        ArrayNode models = body.putArray("supported_models");
        command.supportedModels().forEach(m -> models.add(m.value()));
        body.put("config_file_id", command.configFileId().value());
        body.put("weights_file_id", command.weightsFileId().value());
        command.description().ifPresent(d -> body.put("description", d));
        command.displayName().ifPresent(d -> body.put("display_name", d));
        return body;
    }

    static ObjectNode updateLora(UpdateLora update) {
        ObjectNode body = MAPPER.createObjectNode();
        update.supportedModels().ifPresent(list -> {
            ArrayNode models = body.putArray("supported_models");
            list.forEach(m -> models.add(m.value()));
        });
        update.description().ifPresent(d -> body.put("description", d));
        update.displayName().ifPresent(d -> body.put("display_name", d));
        return body;
    }

    static String listQuery(int limit, Optional<String> after) {
        StringBuilder query = new StringBuilder("?").append(QUERY_LIMIT).append('=').append(limit);
        after.ifPresent(a -> query.append('&').append(QUERY_AFTER).append('=')
                .append(java.net.URLEncoder.encode(a, java.nio.charset.StandardCharsets.UTF_8)));
        return query.toString();
    }

    /** A raw-token sample as a background Responses request. */
    static ObjectNode tokenSample(TokenSampleRequest request) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", request.model().value());
        ObjectNode tokens = body.putArray("input").addObject();
        tokens.put("type", "input_tokens");
        ArrayNode ids = tokens.putArray("token_ids");
        for (int token : request.input().toArray()) {
            ids.add(token);
        }
        body.put("max_output_tokens", request.params().maxTokens());
        body.put("temperature", request.params().temperature());
        body.put("top_p", request.params().topP());
        body.put("logprobs", request.params().logprobs());
        StopCondition stop = request.stop();
        if (stop instanceof StopCondition.Strings strings) {
            ArrayNode list = body.putArray("stop");
            strings.strings().forEach(list::add);
        } else if (stop instanceof StopCondition.TokenIds tokenIds) {
            ArrayNode list = body.putArray("stop_token_ids");
            for (int id : tokenIds.ids()) {
                list.add(id);
            }
        }
        body.put("background", true);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(META_COMPLETION_WINDOW, request.window().name());
        request.lora().ifPresent(source -> loraMetadata(metadata, source));
        merge(metadata, request.metadata());
        body.set("metadata", MAPPER.valueToTree(metadata));
        return body;
    }

    private static void loraMetadata(Map<String, String> metadata, LoraSource source) {
        if (source instanceof LoraSource.Registered registered) {
            metadata.put(META_LORA, registered.ref().value());
        } else if (source instanceof LoraSource.TinkerCheckpoint tinker) {
            metadata.put(META_TINKER_URL, tinker.url().url().toString());
            metadata.put(META_TINKER_CONFIG, PeftJson.toJson(tinker.adapterConfig()));
            tinker.name().ifPresent(name -> metadata.put(META_TINKER_NAME, name));
        }
    }

    /** Adds the caller's metadata; a key the request also sets through a typed field must agree with it. */
    private static void merge(Map<String, String> metadata, Map<String, String> callerMetadata) {
        List<Violation> clashes = new ArrayList<>();
        callerMetadata.forEach((key, value) -> {
            String set = metadata.get(key);
            if (set == null) {
                metadata.put(key, value);
            } else if (!set.equals(value)) {
                clashes.add(Violation.of("metadata." + key,
                        "is set by the request's own field; leave it out of metadata or give the same value"));
            }
        });
        if (!clashes.isEmpty()) {
            throw new InvalidRequestException(clashes);
        }
    }

    /** The path and body of a text request on the API it names. */
    record TextCall(String path, ObjectNode body) {
    }

    static TextCall text(TextRequest request) {
        if (request.background() && request.api() != TextRequest.Api.RESPONSES) {
            throw new InvalidRequestException(Violation.of("background",
                    "is offered by the Responses API only, not " + request.api(), true));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        request.window().ifPresent(w -> metadata.put(META_COMPLETION_WINDOW, w.name()));
        request.lora().ifPresent(ref -> metadata.put(META_LORA, ref.value()));
        merge(metadata, request.metadata());
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", request.model().value());
        String path;
        switch (request.api()) {
            case RESPONSES -> {
                path = RESPONSES;
                List<TextRequest.Message> messages = request.messages();
                if (messages.size() == 1 && messages.get(0).role().equals("user")) {
                    body.put("input", messages.get(0).content());
                } else {
                    body.set("input", messageArray(messages));
                }
                request.instructions().ifPresent(i -> body.put("instructions", i));
                request.maxOutputTokens().ifPresent(n -> body.put("max_output_tokens", n));
                if (request.background()) {
                    body.put("background", true);
                }
            }
            case CHAT_COMPLETIONS -> {
                path = CHAT_COMPLETIONS;
                List<TextRequest.Message> messages = new ArrayList<>();
                request.instructions().ifPresent(i -> messages.add(new TextRequest.Message("system", i)));
                messages.addAll(request.messages());
                body.set("messages", messageArray(messages));
                request.maxOutputTokens().ifPresent(n -> body.put("max_completion_tokens", n));
            }
            case MESSAGES -> {
                path = MESSAGES;
                // Anthropic's shape keeps the system prompt out of the turns.
                List<String> system = new ArrayList<>();
                request.instructions().ifPresent(system::add);
                List<TextRequest.Message> turns = new ArrayList<>();
                for (TextRequest.Message message : request.messages()) {
                    if (message.role().equals("system")) {
                        system.add(message.content());
                    } else {
                        turns.add(message);
                    }
                }
                body.set("messages", messageArray(turns));
                if (!system.isEmpty()) {
                    body.put("system", String.join("\n\n", system));
                }
                body.put("max_tokens", request.maxOutputTokens().orElse(MESSAGES_DEFAULT_MAX_TOKENS));
            }
            default -> throw new IllegalStateException("unknown api " + request.api());
        }
        request.temperature().ifPresent(t -> body.put("temperature", t));
        request.topP().ifPresent(p -> body.put("top_p", p));
        if (!metadata.isEmpty()) {
            body.set("metadata", MAPPER.valueToTree(metadata));
        }
        List<Violation> clashes = new ArrayList<>();
        request.extra().forEach((key, value) -> {
            if (body.has(key)) {
                clashes.add(Violation.of("extra." + key, "duplicates a field the request sets itself"));
            } else {
                body.set(key, MAPPER.valueToTree(value));
            }
        });
        if (!clashes.isEmpty()) {
            throw new InvalidRequestException(clashes);
        }
        return new TextCall(path, body);
    }

    private static ArrayNode messageArray(List<TextRequest.Message> messages) {
        ArrayNode array = MAPPER.createArrayNode();
        for (TextRequest.Message message : messages) {
            array.addObject().put("role", message.role()).put("content", message.content());
        }
        return array;
    }

    // ---------------------------------------------------------------- answers

    static JsonNode parse(Answer answer) {
        if (answer.body().length == 0) {
            throw new InvalidAnswerException(answer.what() + " answered " + answer.status() + " with an empty body");
        }
        try {
            JsonNode node = MAPPER.readTree(answer.body());
            if (node == null || node.isMissingNode()) {
                throw new InvalidAnswerException(answer.what() + " answered with an empty body");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidAnswerException(answer.what() + " answered " + answer.status()
                    + " with a body that is not JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidAnswerException(answer.what() + " answered " + answer.status() + " with an unreadable body");
        }
    }

    static StoredFile storedFile(Answer answer) {
        return storedFile(new Reader(answer.what(), parse(answer)));
    }

    private static StoredFile storedFile(Reader file) {
        return new StoredFile(file.fileId("id"), file.text("filename"), file.longValue("bytes"),
                file.optionalText("purpose").orElse("lora"), file.instant("created_at"));
    }

    static Lora lora(Answer answer) {
        return lora(new Reader(answer.what(), parse(answer)));
    }

    private static Lora lora(Reader lora) {
        List<ValidationRecord> validations = new ArrayList<>();
        for (Reader v : lora.objects("validations")) {
            String statusText = v.text("status");
            ValidationStatus status = ValidationStatus.fromWire(statusText)
                    .orElseThrow(() -> v.invalid("status", "is not a known validation status: " + statusText));
            Instant created = v.instant("created_at");
            validations.add(new ValidationRecord(v.text("id"), v.modelId("model"), status, v.optionalText("result_code"),
                    v.optionalText("result_message"), created, v.optionalInstant("updated_at").orElse(created)));
        }
        String name = lora.text("name");
        if (!LoraName.isValid(name)) {
            throw lora.invalid("name", "is not a valid LoRA name: " + name);
        }
        UUID id;
        try {
            id = UUID.fromString(lora.text("id"));
        } catch (IllegalArgumentException e) {
            throw lora.invalid("id", "is not a UUID");
        }
        return new Lora(id, LoraName.of(name), lora.optionalText("display_name"), lora.optionalText("description"),
                lora.modelIds("supported_models"), lora.fileId("config_file_id"), lora.fileId("weights_file_id"),
                lora.optionalInstant("created_at").orElse(Instant.EPOCH), validations);
    }

    static Page<Lora> loraPage(Answer answer) {
        JsonNode root = parse(answer);
        List<Lora> loras = new ArrayList<>();
        for (Reader item : listItems(answer.what(), root)) {
            loras.add(lora(item));
        }
        boolean hasMore = root.isObject() && root.path("has_more").asBoolean(false);
        return new Page<>(loras, hasMore);
    }

    /** The listed models, filled in from the built-in catalog where the server leaves a field out. */
    static List<BaseModel> models(Answer answer) {
        List<BaseModel> reported = new ArrayList<>();
        for (Reader model : listItems(answer.what(), parse(answer))) {
            Set<CompletionWindow> windows = new LinkedHashSet<>();
            for (JsonNode w : model.node().path("completion_windows")) {
                if (w.isTextual() && !w.asText().isBlank()) {
                    windows.add(CompletionWindow.of(w.asText()));
                }
            }
            Optional<LoraSupport> lora = Optional.empty();
            JsonNode loraNode = model.node().path("lora");
            if (loraNode.isObject()) {
                int maxRank = loraNode.path("max_rank").asInt(0);
                if (maxRank <= 0) {
                    throw model.invalid("lora.max_rank", "must be a positive integer");
                }
                JsonNode targets = loraNode.path("target_modules");
                if (targets.isArray()) {
                    Set<String> modules = new LinkedHashSet<>();
                    targets.forEach(t -> modules.add(t.asText()));
                    lora = Optional.of(LoraSupport.onlyModules(maxRank, modules));
                } else {
                    lora = Optional.of(LoraSupport.anyModule(maxRank));
                }
            }
            reported.add(new BaseModel(model.modelId("id"), lora, windows, Optional.empty()));
        }
        ModelCatalog merged = ModelCatalog.builtIn().mergedWith(reported);
        return reported.stream().map(m -> merged.find(m.id()).orElse(m)).toList();
    }

    /** Items of a list answer: {@code {"data":[...]}} or a bare array. */
    private static List<Reader> listItems(String what, JsonNode root) {
        JsonNode data = root.isArray() ? root : root.path("data");
        if (!data.isArray()) {
            throw new InvalidAnswerException(what + " answered without a list ('data' array)");
        }
        List<Reader> items = new ArrayList<>();
        int index = 0;
        for (JsonNode item : data) {
            if (!item.isObject()) {
                throw new InvalidAnswerException(what + " answered with a non-object at data[" + index + "]");
            }
            items.add(new Reader(what + " data[" + index + "]", item));
            index++;
        }
        return items;
    }

    // ---------------------------------------------------------------- responses

    /** Where a response stands, in either status vocabulary. */
    enum Progress { WORKING, COMPLETED, INCOMPLETE, FAILED }

    /** The fields of a response object the waiting logic reads. */
    record ResponseState(String id, String status, Progress progress, JsonNode node, String what) {
        Optional<String> errorCode() {
            return text(node.path("error").path("code"));
        }

        Optional<String> errorMessage() {
            return text(node.path("error").path("message"));
        }

        Optional<String> incompleteReason() {
            return text(node.path("incomplete_details").path("reason"));
        }

        private static Optional<String> text(JsonNode node) {
            return node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
        }
    }

    static ResponseState responseState(Answer answer) {
        Reader response = new Reader(answer.what(), parse(answer));
        String status = response.text("status");
        return new ResponseState(response.text("id"), status, progress(status), response.node(), answer.what());
    }

    static Progress progress(String status) {
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "completed" -> Progress.COMPLETED;
            case "incomplete" -> Progress.INCOMPLETE;
            case "failed", "cancelled", "canceled", "expired" -> Progress.FAILED;
            // pending, running, queued, in_progress, and any new word for "not yet".
            default -> Progress.WORKING;
        };
    }

    /** The tokens of a finished raw-token response; logprobs only when they were asked for. */
    static Optional<SampledTokens> sampledTokens(ResponseState state, boolean logprobsRequested) {
        for (JsonNode item : state.node().path("output")) {
            if (!"output_tokens".equals(item.path("type").asText())) {
                continue;
            }
            Reader output = new Reader(state.what() + " output_tokens", item);
            JsonNode idsNode = item.path("token_ids");
            if (!idsNode.isArray()) {
                throw output.invalid("token_ids", "must be an array of token ids");
            }
            int[] ids = new int[idsNode.size()];
            for (int i = 0; i < ids.length; i++) {
                JsonNode id = idsNode.get(i);
                if (!id.canConvertToInt() || !id.isIntegralNumber() || id.asInt() < 0) {
                    throw output.invalid("token_ids[" + i + "]", "must be a non-negative integer");
                }
                ids[i] = id.asInt();
            }
            double[] logprobs = null;
            JsonNode lp = item.path("logprobs");
            if (logprobsRequested && lp.isArray()) {
                logprobs = new double[lp.size()];
                for (int i = 0; i < logprobs.length; i++) {
                    if (!lp.get(i).isNumber()) {
                        throw output.invalid("logprobs[" + i + "]", "must be a number");
                    }
                    logprobs[i] = lp.get(i).asDouble();
                }
            }
            String reasonText = output.optionalText("stop_reason")
                    .orElse(state.progress() == Progress.INCOMPLETE ? StopReason.LENGTH.wireName() : null);
            if (reasonText == null) {
                throw output.invalid("stop_reason", "is missing");
            }
            StopReason reason = StopReason.fromWire(reasonText)
                    .orElseThrow(() -> output.invalid("stop_reason", "is not stop or length: " + reasonText));
            return Optional.of(SampledTokens.of(ids, logprobs, reason));
        }
        return Optional.empty();
    }

    /** The text of a finished Responses object, or empty when it holds no text output. */
    static Optional<TextResult> responsesText(ResponseState state) {
        JsonNode node = state.node();
        StringBuilder text = new StringBuilder();
        boolean found = false;
        for (JsonNode item : node.path("output")) {
            if (!"message".equals(item.path("type").asText())) {
                continue;
            }
            for (JsonNode part : item.path("content")) {
                if ("output_text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
                    text.append(part.path("text").asText());
                    found = true;
                }
            }
        }
        if (!found && node.path("output_text").isTextual()) {
            text.append(node.path("output_text").asText());
            found = true;
        }
        if (!found) {
            return Optional.empty();
        }
        Reader response = new Reader(state.what(), node);
        String finish = state.progress() == Progress.INCOMPLETE ? state.incompleteReason().orElse(state.status()) : state.status();
        JsonNode usage = node.path("usage");
        return Optional.of(new TextResult(state.id(), response.modelId("model"), text.toString(),
                new TextResult.Usage(usage.path("input_tokens").asLong(0), usage.path("output_tokens").asLong(0)),
                Optional.of(finish)));
    }

    static TextResult chatText(Answer answer) {
        Reader chat = new Reader(answer.what(), parse(answer));
        JsonNode choice = chat.node().path("choices").path(0);
        if (!choice.isObject()) {
            throw chat.invalid("choices", "must hold at least one choice");
        }
        JsonNode content = choice.path("message").path("content");
        if (!content.isTextual() && !content.isNull()) {
            throw chat.invalid("choices[0].message.content", "must be a string");
        }
        JsonNode usage = chat.node().path("usage");
        JsonNode finish = choice.path("finish_reason");
        return new TextResult(chat.text("id"), chat.modelId("model"), content.isNull() ? "" : content.asText(),
                new TextResult.Usage(usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0)),
                finish.isTextual() ? Optional.of(finish.asText()) : Optional.empty());
    }

    static TextResult messagesText(Answer answer) {
        Reader message = new Reader(answer.what(), parse(answer));
        JsonNode content = message.node().path("content");
        if (!content.isArray()) {
            throw message.invalid("content", "must be an array of content blocks");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asText()) && block.path("text").isTextual()) {
                text.append(block.path("text").asText());
            }
        }
        JsonNode usage = message.node().path("usage");
        return new TextResult(message.text("id"), message.modelId("model"), text.toString(),
                new TextResult.Usage(usage.path("input_tokens").asLong(0), usage.path("output_tokens").asLong(0)),
                message.optionalText("stop_reason"));
    }

    // ---------------------------------------------------------------- errors

    /** The error an unsuccessful answer carries, in the OpenAI shape (or as much of it as is there). */
    static ApiError apiError(Answer answer, String apiKey) {
        String message = null;
        String type = null;
        String code = null;
        String param = null;
        try {
            JsonNode root = answer.body().length == 0 ? null : MAPPER.readTree(answer.body());
            JsonNode error = root == null ? null : root.path("error");
            if (error != null && error.isObject()) {
                message = textOrNull(error.path("message"));
                type = textOrNull(error.path("type"));
                code = error.path("code").isNumber() ? error.path("code").asText() : textOrNull(error.path("code"));
                param = textOrNull(error.path("param"));
            } else if (error != null && error.isTextual()) {
                message = error.asText();
            } else if (root != null && root.path("message").isTextual()) {
                message = root.path("message").asText();
            }
        } catch (IOException e) {
            message = null;
        }
        if (message == null) {
            message = "HTTP " + answer.status() + " from " + answer.what()
                    + (answer.body().length == 0 ? "" : " (body not in Sail's error shape, " + answer.body().length + " bytes)");
        }
        return new ApiError(answer.status(), Redaction.scrub(message, apiKey), type, code,
                Redaction.scrub(param, apiKey), answer.requestId());
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Reads required and optional fields of one JSON object, naming the field when one is wrong. */
    record Reader(String what, JsonNode node) {

        InvalidAnswerException invalid(String field, String problem) {
            return new InvalidAnswerException(what + ": field '" + field + "' " + problem);
        }

        String text(String field) {
            JsonNode value = node.path(field);
            if (!value.isTextual() || value.asText().isEmpty()) {
                throw invalid(field, value.isMissingNode() || value.isNull() ? "is missing" : "must be a non-empty string");
            }
            return value.asText();
        }

        Optional<String> optionalText(String field) {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull()) {
                return Optional.empty();
            }
            if (!value.isTextual()) {
                throw invalid(field, "must be a string");
            }
            return Optional.of(value.asText());
        }

        long longValue(String field) {
            JsonNode value = node.path(field);
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
                throw invalid(field, value.isMissingNode() ? "is missing" : "must be a non-negative integer");
            }
            return value.asLong();
        }

        FileId fileId(String field) {
            String value = text(field);
            if (value.isBlank() || value.contains("/")) {
                throw invalid(field, "is not a file id");
            }
            return FileId.of(value);
        }

        ModelId modelId(String field) {
            String value = text(field);
            if (value.isBlank()) {
                throw invalid(field, "must be a non-empty model id");
            }
            return ModelId.of(value);
        }

        List<ModelId> modelIds(String field) {
            JsonNode value = node.path(field);
            if (!value.isArray()) {
                throw invalid(field, "must be an array of model ids");
            }
            List<ModelId> ids = new ArrayList<>();
            for (JsonNode id : value) {
                if (!id.isTextual() || id.asText().isBlank()) {
                    throw invalid(field, "must hold only model id strings");
                }
                ids.add(ModelId.of(id.asText()));
            }
            return ids;
        }

        List<Reader> objects(String field) {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull()) {
                return List.of();
            }
            if (!value.isArray()) {
                throw invalid(field, "must be an array");
            }
            List<Reader> items = new ArrayList<>();
            int index = 0;
            for (JsonNode item : value) {
                if (!item.isObject()) {
                    throw invalid(field + "[" + index + "]", "must be an object");
                }
                items.add(new Reader(what + " " + field + "[" + index + "]", item));
                index++;
            }
            return items;
        }

        Instant instant(String field) {
            return optionalInstant(field).orElseThrow(() -> invalid(field, "is missing"));
        }

        /** Unix seconds (Sail's form), or an ISO-8601 instant. */
        Optional<Instant> optionalInstant(String field) {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull()) {
                return Optional.empty();
            }
            if (value.isNumber()) {
                if (!value.canConvertToLong() || value.asLong() < Instant.MIN.getEpochSecond()
                        || value.asLong() > Instant.MAX.getEpochSecond()) {
                    throw invalid(field, "is out of range for a time");
                }
                return Optional.of(Instant.ofEpochSecond(value.asLong()));
            }
            if (value.isTextual()) {
                try {
                    return Optional.of(Instant.parse(value.asText()));
                } catch (DateTimeParseException e) {
                    throw invalid(field, "is neither unix seconds nor an ISO-8601 instant");
                }
            }
            throw invalid(field, "must be a time");
        }
    }
}
