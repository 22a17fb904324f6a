package io.sail4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.Lora;
import io.sail4j.core.lora.ValidationRecord;
import io.sail4j.core.model.ModelId;
import io.sail4j.ports.out.StoredFile;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** LoRAs, files, validations and violations as human lines and as JSON (field names as on Sail's wire). */
final class Render {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Render() {
    }

    static void json(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON output", e);
        }
    }

    static Map<String, Object> lora(Lora lora) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", lora.id().toString());
        json.put("object", "lora");
        json.put("name", lora.name().value());
        json.put("display_name", lora.displayName().orElse(null));
        json.put("description", lora.description().orElse(null));
        json.put("supported_models", lora.supportedModels().stream().map(ModelId::value).toList());
        json.put("config_file_id", lora.configFileId().value());
        json.put("weights_file_id", lora.weightsFileId().value());
        json.put("created_at", lora.createdAt().getEpochSecond());
        json.put("validations", lora.validations().stream().map(Render::validation).toList());
        return json;
    }

    static Map<String, Object> validation(ValidationRecord record) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", record.id());
        json.put("model", record.model().value());
        json.put("status", record.status().wireName());
        json.put("result_code", record.resultCode().orElse(null));
        json.put("result_message", record.resultMessage().orElse(null));
        json.put("created_at", record.createdAt().getEpochSecond());
        json.put("updated_at", record.updatedAt().getEpochSecond());
        return json;
    }

    static Map<String, Object> file(StoredFile file) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", file.id().value());
        json.put("object", "file");
        json.put("bytes", file.bytes());
        json.put("created_at", file.createdAt().getEpochSecond());
        json.put("filename", file.filename());
        json.put("purpose", file.purpose());
        return json;
    }

    static List<Map<String, Object>> violations(List<Violation> violations) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Violation v : violations) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("field", v.field());
            json.put("rule", v.rule());
            json.put("value", v.value());
            list.add(json);
        }
        return list;
    }

    /** The LoRA, one {@code label  value} line per field. */
    static void loraLines(PrintWriter out, Lora lora) {
        out.printf("name        %s%n", lora.name());
        out.printf("id          %s%n", lora.id());
        lora.displayName().ifPresent(name -> out.printf("display     %s%n", name));
        lora.description().ifPresent(text -> out.printf("description %s%n", text));
        out.printf("models      %s%n", lora.supportedModels().stream().map(ModelId::value).collect(Collectors.joining(", ")));
        out.printf("files       config %s, weights %s%n", lora.configFileId(), lora.weightsFileId());
        out.printf("created     %s%n", lora.createdAt());
        for (ModelId model : lora.supportedModels()) {
            out.printf("validation  %s%n", validationText(lora, model));
        }
        out.flush();
    }

    /** {@code moonshotai/Kimi-K2.6: failed [rank_too_large] adapter_config.r: ...}. */
    static String validationText(Lora lora, ModelId model) {
        return lora.latestValidation(model).map(Render::recordText).orElse(model + ": no validation yet");
    }

    static String recordText(ValidationRecord record) {
        return record.model() + ": " + record.status().wireName()
                + record.resultCode().map(code -> " [" + code + "]").orElse("")
                + record.resultMessage().map(message -> " " + message).orElse("");
    }

    /** The latest status per supported model, e.g. {@code succeeded} or {@code Kimi-K2.6 failed, X pending}. */
    static String statusSummary(Lora lora) {
        if (lora.supportedModels().size() == 1) {
            return status(lora, lora.supportedModels().get(0));
        }
        return lora.supportedModels().stream().map(m -> m + " " + status(lora, m)).collect(Collectors.joining(", "));
    }

    private static String status(Lora lora, ModelId model) {
        return lora.latestValidation(model).map(r -> r.status().wireName()).orElse("none");
    }

    static String fileLine(StoredFile file) {
        return file.id() + "  " + file.filename() + "  " + bytesWithCount(file.bytes()) + "  purpose " + file.purpose()
                + "  created " + file.createdAt();
    }

    static String bytesWithCount(long bytes) {
        return bytes < 1024 ? bytes + " B" : Formats.bytes(bytes) + " (" + bytes + " bytes)";
    }
}
