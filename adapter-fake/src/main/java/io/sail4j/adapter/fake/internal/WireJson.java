package io.sail4j.adapter.fake.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sail4j.core.error.ApiError;
import io.sail4j.core.lora.Lora;
import io.sail4j.core.lora.ValidationRecord;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.ports.out.Page;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Sail's wire JSON as the emulator writes it (sail-api.md); one method per object shape. */
public final class WireJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WireJson() {
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always serialises", e);
        }
    }

    private static long unix(Instant instant) {
        return instant.getEpochSecond();
    }

    /** {@code {"error":{"message","type","code","param"}}}; Anthropic's SDK also reads {@code "type":"error"}. */
    public static ObjectNode error(ApiError error, boolean anthropicShape) {
        ObjectNode root = NODES.objectNode();
        if (anthropicShape) {
            root.put("type", "error");
        }
        ObjectNode body = root.putObject("error");
        body.put("message", error.message());
        body.put("type", error.type());
        body.put("code", error.code());
        body.put("param", error.param());
        return root;
    }

    public static <T> ObjectNode list(Page<T> page, Function<T, JsonNode> render) {
        ObjectNode root = NODES.objectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        page.data().forEach(item -> data.add(render.apply(item)));
        root.put("has_more", page.hasMore());
        if (!page.data().isEmpty()) {
            root.set("first_id", data.get(0).get("id"));
            root.set("last_id", data.get(data.size() - 1).get("id"));
        }
        return root;
    }

    public static ObjectNode model(BaseModel model) {
        ObjectNode node = NODES.objectNode();
        node.put("id", model.id().value());
        node.put("object", "model");
        node.put("created", 0);
        node.put("owned_by", "sail");
        if (model.windowsKnown()) {
            ArrayNode windows = node.putArray("completion_windows");
            CompletionWindow.KNOWN.stream().filter(model.windows()::contains).forEach(w -> windows.add(w.name()));
            model.windows().stream().filter(w -> !w.isKnown()).map(CompletionWindow::name).sorted().forEach(windows::add);
        }
        model.lora().ifPresent(lora -> {
            ObjectNode support = node.putObject("lora");
            support.put("max_rank", lora.maxRank());
            if (lora.allTargetModules()) {
                support.put("target_modules", "all");
            } else {
                ArrayNode modules = support.putArray("target_modules");
                lora.allowedTargetModules().stream().sorted().forEach(modules::add);
            }
        });
        return node;
    }

    public static ObjectNode file(SailState.FileObject file) {
        ObjectNode node = NODES.objectNode();
        node.put("id", file.id().value());
        node.put("object", "file");
        node.put("bytes", file.content().size());
        node.put("created_at", unix(file.createdAt()));
        node.put("filename", file.filename());
        node.put("purpose", file.purpose());
        node.put("status", "processed");
        return node;
    }

    public static ObjectNode deleted(String id, String object) {
        ObjectNode node = NODES.objectNode();
        node.put("id", id);
        node.put("object", object);
        node.put("deleted", true);
        return node;
    }

    public static ObjectNode lora(Lora lora) {
        ObjectNode node = NODES.objectNode();
        node.put("id", lora.id().toString());
        node.put("object", "lora");
        node.put("name", lora.name().value());
        node.put("display_name", lora.displayName().orElse(null));
        node.put("description", lora.description().orElse(null));
        ArrayNode models = node.putArray("supported_models");
        lora.supportedModels().forEach(m -> models.add(m.value()));
        node.put("config_file_id", lora.configFileId().value());
        node.put("weights_file_id", lora.weightsFileId().value());
        node.put("created_at", unix(lora.createdAt()));
        ArrayNode validations = node.putArray("validations");
        for (ValidationRecord record : lora.validations()) {
            ObjectNode v = validations.addObject();
            v.put("id", record.id());
            v.put("model", record.model().value());
            v.put("status", record.status().wireName());
            v.put("result_code", record.resultCode().orElse(null));
            v.put("result_message", record.resultMessage().orElse(null));
            v.put("created_at", unix(record.createdAt()));
            v.put("updated_at", unix(record.updatedAt()));
        }
        return node;
    }

    /** Metadata as echoed back: the signed checkpoint URL without its query (the credential). */
    private static ObjectNode metadata(Map<String, String> metadata) {
        ObjectNode node = NODES.objectNode();
        new TreeMap<>(metadata).forEach((k, v) -> node.put(k, k.equals(WireNames.TINKER_URL) ? SailState.redactUrl(v) : v));
        return node;
    }

    /** A {@code /v1/responses} object in its current state. */
    public static ObjectNode response(ResponseObject response) {
        return response(response, response.state());
    }

    /** A {@code /v1/responses} object as it was in {@code state}. */
    public static ObjectNode response(ResponseObject response, ResponseObject.State state) {
        ResponseSpec spec = response.spec();
        ObjectNode node = NODES.objectNode();
        node.put("id", response.id());
        node.put("object", "response");
        node.put("created_at", unix(response.createdAt()));
        node.put("status", state.status().wireName());
        node.put("background", spec.background());
        node.put("model", spec.model().value());
        node.set("metadata", metadata(spec.metadata()));
        spec.maxOutputTokens().ifPresentOrElse(m -> node.put("max_output_tokens", m), () -> node.putNull("max_output_tokens"));
        node.put("temperature", spec.temperature());
        node.put("top_p", spec.topP());
        node.put("instructions", spec.instructions().orElse(null));
        node.putArray("tools");
        node.put("tool_choice", "auto");
        node.put("parallel_tool_calls", true);
        ArrayNode output = node.putArray("output");
        ResponseObject.Result result = state.result();
        if (result != null) {
            if (result.tokens() != null) {
                SampledTokens tokens = result.tokens();
                ObjectNode item = output.addObject();
                item.put("type", "output_tokens");
                ArrayNode ids = item.putArray("token_ids");
                for (int t : tokens.tokens()) {
                    ids.add(t);
                }
                if (tokens.logprobs().isPresent()) {
                    ArrayNode logprobs = item.putArray("logprobs");
                    for (double p : tokens.logprobs().get()) {
                        logprobs.add(p);
                    }
                } else {
                    item.putNull("logprobs");
                }
                item.put("stop_reason", tokens.stopReason().wireName());
            } else {
                ObjectNode message = output.addObject();
                message.put("type", "message");
                message.put("id", "msg_" + response.id().substring(response.id().indexOf('_') + 1));
                message.put("status", state.status() == ResponseObject.Status.INCOMPLETE ? "incomplete" : "completed");
                message.put("role", "assistant");
                ObjectNode part = message.putArray("content").addObject();
                part.put("type", "output_text");
                part.put("text", result.text());
                part.putArray("annotations");
            }
            ObjectNode usage = node.putObject("usage");
            usage.put("input_tokens", result.inputTokens());
            usage.put("output_tokens", result.outputTokens());
            usage.put("total_tokens", result.inputTokens() + result.outputTokens());
        } else {
            node.putNull("usage");
        }
        if (state.status() == ResponseObject.Status.FAILED) {
            ObjectNode error = node.putObject("error");
            error.put("code", state.errorCode());
            error.put("message", state.errorMessage());
        } else {
            node.putNull("error");
        }
        if (state.status() == ResponseObject.Status.INCOMPLETE) {
            node.putObject("incomplete_details").put("reason", "max_output_tokens");
        } else {
            node.putNull("incomplete_details");
        }
        return node;
    }

    /** A Chat Completions answer. */
    public static ObjectNode chatCompletion(ResponseObject response) {
        ResponseObject.Result result = response.state().result();
        ObjectNode node = NODES.objectNode();
        node.put("id", WireIds.forKind(ResponseSpec.Kind.CHAT_COMPLETIONS, response.id()));
        node.put("object", "chat.completion");
        node.put("created", unix(response.createdAt()));
        node.put("model", response.spec().model().value());
        ObjectNode choice = node.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", result.text());
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", WireIds.finishReason(ResponseSpec.Kind.CHAT_COMPLETIONS, result.truncated()));
        ObjectNode usage = node.putObject("usage");
        usage.put("prompt_tokens", result.inputTokens());
        usage.put("completion_tokens", result.outputTokens());
        usage.put("total_tokens", result.inputTokens() + result.outputTokens());
        return node;
    }

    /** An Anthropic Messages answer. */
    public static ObjectNode message(ResponseObject response) {
        ResponseObject.Result result = response.state().result();
        ObjectNode node = NODES.objectNode();
        node.put("id", WireIds.forKind(ResponseSpec.Kind.MESSAGES, response.id()));
        node.put("type", "message");
        node.put("role", "assistant");
        node.put("model", response.spec().model().value());
        ObjectNode text = node.putArray("content").addObject();
        text.put("type", "text");
        text.put("text", result.text());
        node.put("stop_reason", WireIds.finishReason(ResponseSpec.Kind.MESSAGES, result.truncated()));
        node.putNull("stop_sequence");
        ObjectNode usage = node.putObject("usage");
        usage.put("input_tokens", result.inputTokens());
        usage.put("output_tokens", result.outputTokens());
        return node;
    }

    public static List<String> strings(JsonNode array) {
        return array == null || !array.isArray() ? List.of()
                : java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
