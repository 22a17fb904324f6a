package io.sail4j.adapter.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sail4j.core.rules.RequestRules;
import io.sail4j.ports.local.SyntheticAdapter;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator's wire format, pinned with the JDK's HTTP client (independently of sail4j's own adapter). */
class EmulatorWireTest {
    @TempDir
    Path dir;
    private InMemorySail sail;
    private SailEmulator emulator;
    private Wire wire;

    @BeforeEach
    void start() {
        sail = InMemorySail.builder().manual().build();
        emulator = SailEmulator.serving(sail);
        wire = new Wire(emulator.baseUrl(), "sk_wire");
    }

    @AfterEach
    void stop() {
        emulator.close();
        sail.close();
    }

    private String[] uploadAdapter(SyntheticAdapter adapter) {
        SyntheticAdapter.Written written = adapter.writeTo(dir.resolve("a-" + UUID.randomUUID()));
        return new String[] {wire.upload(written.configFile()).json().get("id").asText(),
            wire.upload(written.weightsFile()).json().get("id").asText()};
    }

    private JsonNode createLora(String name) {
        String[] files = uploadAdapter(SyntheticAdapter.kimi());
        Wire.Answer created = wire.post("/loras", "{\"name\":\"" + name + "\",\"supported_models\":[\"moonshotai/Kimi-K2.6\"],"
                + "\"config_file_id\":\"" + files[0] + "\",\"weights_file_id\":\"" + files[1] + "\"}");
        assertEquals(201, created.status(), created.raw().body());
        return created.json();
    }

    @Test
    void modelsComeAsAListWithWindowsAndLoraSupportAndEveryAnswerHasARequestId() {
        Wire.Answer models = wire.get("/models");
        assertEquals(200, models.status());
        assertEquals("list", models.json().get("object").asText());
        assertEquals(false, models.json().get("has_more").asBoolean());
        JsonNode kimi = models.json().get("data").get(0);
        assertEquals("moonshotai/Kimi-K2.6", kimi.get("id").asText());
        assertEquals("model", kimi.get("object").asText());
        assertEquals(32, kimi.get("lora").get("max_rank").asInt());
        assertEquals("all", kimi.get("lora").get("target_modules").asText());
        assertEquals("[\"asap\",\"priority\",\"standard\",\"flex\"]", kimi.get("completion_windows").toString());
        assertTrue(models.header("x-request-id").startsWith("req_"));
    }

    @Test
    void aMissingKeyIsRefusedAndAnthropicsHeaderIsAccepted() {
        Wire.Answer anonymous = new Wire(emulator.baseUrl(), null).get("/models");
        assertEquals(401, anonymous.status());
        assertEquals("authentication_error", anonymous.json().get("error").get("type").asText());
        assertNotNull(anonymous.header("x-request-id"));
        Wire anthropic = new Wire(emulator.baseUrl(), null);
        assertEquals(200, anthropic.send(anthropic.request("/models").header("x-api-key", "sk_wire").GET().build()).status());
    }

    @Test
    void aFileIsUploadedAsMultipartReadBackAndDeleted() {
        SyntheticAdapter.Written written = SyntheticAdapter.kimi().writeTo(dir);
        Wire.Answer uploaded = wire.upload(written.configFile());
        assertEquals(200, uploaded.status(), uploaded.raw().body());
        JsonNode file = uploaded.json();
        assertTrue(file.get("id").asText().startsWith("file-"));
        assertEquals("file", file.get("object").asText());
        assertEquals("adapter_config.json", file.get("filename").asText());
        assertEquals("lora", file.get("purpose").asText());
        assertEquals(SyntheticAdapter.kimi().configJson().length, file.get("bytes").asLong());
        assertTrue(file.get("created_at").isIntegralNumber());
        String id = file.get("id").asText();
        assertEquals(file, wire.get("/files/" + id).json());
        assertEquals("{\"id\":\"" + id + "\",\"object\":\"file\",\"deleted\":true}", wire.delete("/files/" + id).raw().body());
        assertEquals(404, wire.get("/files/" + id).status());
    }

    @Test
    void anUploadCutMidBodyLeavesNoFile() throws Exception {
        String boundary = "cut-boundary";
        byte[] body = Wire.multipart(boundary, "lora", "adapter_model.safetensors", new byte[200_000]);
        try (Socket socket = new Socket(emulator.baseUrl().getHost(), emulator.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/files HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer sk_wire\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        }
        assertEquals(0, wire.get("/files").json().get("data").size());
        assertEquals(0, emulator.counters().created("file"));
    }

    @Test
    void aLoraIsCreatedWithPendingValidationsAndPolledToItsOutcome() {
        JsonNode lora = createLora("wire-lora");
        assertEquals("lora", lora.get("object").asText());
        assertEquals("wire-lora", lora.get("name").asText());
        assertEquals("[\"moonshotai/Kimi-K2.6\"]", lora.get("supported_models").toString());
        JsonNode validation = lora.get("validations").get(0);
        assertEquals("pending", validation.get("status").asText());
        assertTrue(validation.get("result_code").isNull());
        sail.startValidations();
        assertEquals("running", wire.get("/loras/wire-lora").json().get("validations").get(0).get("status").asText());
        sail.finishValidations();
        JsonNode byId = wire.get("/loras/" + lora.get("id").asText()).json();
        assertEquals("succeeded", byId.get("validations").get(0).get("status").asText());
    }

    @Test
    void aFailedValidationCarriesItsResultCodeAndMessage() {
        String[] files = uploadAdapter(SyntheticAdapter.kimi().rank(64));
        wire.post("/loras", "{\"name\":\"too-big\",\"supported_models\":[\"moonshotai/Kimi-K2.6\"],\"config_file_id\":\""
                + files[0] + "\",\"weights_file_id\":\"" + files[1] + "\"}");
        sail.finishValidations();
        JsonNode record = wire.get("/loras/too-big").json().get("validations").get(0);
        assertEquals("failed", record.get("status").asText());
        assertEquals(ValidationResultCodes.RANK_TOO_LARGE, record.get("result_code").asText());
        assertTrue(record.get("result_message").asText().contains("max rank 32"));
    }

    @Test
    void refusalsHaveTheDocumentedStatusesAndErrorShape() {
        createLora("taken-name");
        Wire.Answer unknown = wire.get("/loras/ghost");
        assertEquals(404, unknown.status());
        assertEquals("lora not found: ghost", unknown.errorMessage());
        assertEquals("not_found_error", unknown.json().get("error").get("type").asText());
        assertEquals(404, new Wire(emulator.baseUrl(), "sk_other_org").get("/loras/taken-name").status());

        String[] files = uploadAdapter(SyntheticAdapter.kimi());
        String body = "\"supported_models\":[\"moonshotai/Kimi-K2.6\"],\"config_file_id\":\"" + files[0]
                + "\",\"weights_file_id\":\"" + files[1] + "\"}";
        assertEquals(409, wire.post("/loras", "{\"name\":\"taken-name\"," + body).status());
        Wire.Answer badName = wire.post("/loras", "{\"name\":\"Bad_Name\"," + body);
        assertEquals(400, badName.status());
        assertEquals("name", badName.json().get("error").get("param").asText());
        assertEquals(400, wire.post("/loras", "{\"name\":\"x-1\",\"supported_models\":[\"nobody/model\"],\"config_file_id\":\""
                + files[0] + "\",\"weights_file_id\":\"" + files[1] + "\"}").status());
        assertEquals(404, wire.post("/loras", "{\"name\":\"x-2\",\"supported_models\":[\"moonshotai/Kimi-K2.6\"],"
                + "\"config_file_id\":\"file-nope\",\"weights_file_id\":\"" + files[1] + "\"}").status());
        assertEquals(400, wire.post("/loras", "{not json").status());
        assertEquals(404, wire.get("/nowhere").status());
        assertEquals(405, wire.delete("/models").status());
    }

    @Test
    void patchAddsModelsAndDeleteAnswersTheDeletedShape() {
        JsonNode lora = createLora("patched");
        Wire.Answer patched = wire.patch("/loras/patched", "{\"description\":\"funnier\"}");
        assertEquals(200, patched.status());
        assertEquals("funnier", patched.json().get("description").asText());
        Wire.Answer deleted = wire.delete("/loras/patched");
        assertEquals("{\"id\":\"" + lora.get("id").asText() + "\",\"object\":\"lora.deleted\",\"deleted\":true}",
                deleted.raw().body());
    }

    @Test
    void listsPageWithLimitAndAfter() {
        JsonNode first = createLora("page-one");
        createLora("page-two");
        Wire.Answer page = wire.get("/loras?limit=1");
        assertEquals(1, page.json().get("data").size());
        assertTrue(page.json().get("has_more").asBoolean());
        Wire.Answer next = wire.get("/loras?limit=1&after=" + first.get("id").asText());
        assertEquals("page-two", next.json().get("data").get(0).get("name").asText());
        assertEquals(false, next.json().get("has_more").asBoolean());
        assertEquals(400, wire.get("/loras?limit=0").status());
    }

    @Test
    void anIdempotencyKeyReplaysTheSameObjectAndRefusesAnotherBody() {
        String[] files = uploadAdapter(SyntheticAdapter.kimi());
        String body = "{\"name\":\"once\",\"supported_models\":[\"moonshotai/Kimi-K2.6\"],\"config_file_id\":\"" + files[0]
                + "\",\"weights_file_id\":\"" + files[1] + "\"}";
        Wire.Answer first = wire.post("/loras", body, "Idempotency-Key", "k-1");
        Wire.Answer again = wire.post("/loras", body, "Idempotency-Key", "k-1");
        assertEquals(201, again.status());
        assertEquals(first.json().get("id"), again.json().get("id"));
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertNull(first.header("Idempotent-Replayed"));
        assertEquals(1, emulator.counters().created("lora"));
        assertEquals(1, emulator.counters().idempotentReplays());
        Wire.Answer other = wire.post("/loras", body.replace("once", "twice"), "Idempotency-Key", "k-1");
        assertEquals(400, other.status());
        assertEquals("idempotency_error", other.json().get("error").get("type").asText());
        assertEquals(400, wire.post("/loras", body, "Idempotency-Key", "x".repeat(256)).status());
    }

    @Test
    void aMultipartUploadRetriedWithAnotherBoundaryIsStillTheSameUpload() {
        SyntheticAdapter.Written written = SyntheticAdapter.kimi().writeTo(dir);
        Wire.Answer first = wire.upload(written.weightsFile(), "Idempotency-Key", "upload-9");
        Wire.Answer retry = wire.upload(written.weightsFile(), "Idempotency-Key", "upload-9");
        assertEquals(first.json().get("id"), retry.json().get("id"));
        assertEquals(1, emulator.counters().created("file"));
    }

    @Test
    void aBackgroundTokenResponseMovesFromPendingThroughRunningToCompleted() {
        Wire.Answer accepted = wire.post("/responses", "{\"model\":\"moonshotai/Kimi-K2.6\",\"input\":[{\"type\":\"input_tokens\","
                + "\"token_ids\":[72,105]}],\"max_output_tokens\":6,\"logprobs\":true,\"background\":true,"
                + "\"metadata\":{\"completion_window\":\"priority\"}}");
        assertEquals(202, accepted.status());
        assertEquals("pending", accepted.json().get("status").asText());
        assertEquals("response", accepted.json().get("object").asText());
        String id = accepted.json().get("id").asText();
        assertEquals("pending", wire.get("/responses/" + id).json().get("status").asText());
        sail.startResponses();
        assertEquals("running", wire.get("/responses/" + id).json().get("status").asText());
        sail.finishResponses();
        JsonNode done = wire.get("/responses/" + id).json();
        assertEquals("completed", done.get("status").asText());
        JsonNode item = done.get("output").get(0);
        assertEquals("output_tokens", item.get("type").asText());
        assertEquals(6, item.get("token_ids").size());
        assertEquals(6, item.get("logprobs").size());
        assertEquals("length", item.get("stop_reason").asText());
        assertEquals(2, done.get("usage").get("input_tokens").asInt());
        assertEquals(6, done.get("usage").get("output_tokens").asInt());
        assertEquals(8, done.get("usage").get("total_tokens").asInt());
    }

    @Test
    void theAcceptedAnswerShowsPendingEvenWhenTheResponseStartsAtOnce() {
        try (SailEmulator eager = SailEmulator.builder().fakeSettings(fake -> fake.responseDelay(java.time.Duration.ZERO)).start()) {
            Wire client = new Wire(eager.baseUrl(), "sk_eager");
            for (int i = 0; i < 20; i++) {
                Wire.Answer accepted = client.post("/responses", "{\"model\":\"moonshotai/Kimi-K2.6\",\"input\":\"Hi\","
                        + "\"background\":true}");
                assertEquals(202, accepted.status());
                assertEquals("pending", accepted.json().get("status").asText());
            }
        }
    }

    @Test
    void aTextResponseUsesOpenAisOutputTextItem() {
        Wire.Answer answer = wire.post("/responses", "{\"model\":\"moonshotai/Kimi-K2.6\",\"input\":\"Hello\"}");
        assertEquals(200, answer.status());
        assertEquals("completed", answer.json().get("status").asText());
        JsonNode message = answer.json().get("output").get(0);
        assertEquals("message", message.get("type").asText());
        assertEquals("assistant", message.get("role").asText());
        JsonNode part = message.get("content").get(0);
        assertEquals("output_text", part.get("type").asText());
        assertTrue(part.get("text").asText().startsWith("Fake reply"));
        assertEquals("[]", part.get("annotations").toString());
    }

    @Test
    void chatCompletionsAndMessagesAnswerInTheirOwnShapes() {
        Wire.Answer chat = wire.post("/chat/completions", "{\"model\":\"moonshotai/Kimi-K2.6\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}],\"max_completion_tokens\":10}");
        assertEquals("chat.completion", chat.json().get("object").asText());
        assertEquals("length", chat.json().get("choices").get(0).get("finish_reason").asText());
        assertEquals(10, chat.json().get("usage").get("completion_tokens").asInt());
        Wire.Answer message = wire.post("/messages", "{\"model\":\"moonshotai/Kimi-K2.6\",\"max_tokens\":500,\"system\":\"Be brief.\","
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]}");
        assertEquals("message", message.json().get("type").asText());
        assertEquals("text", message.json().get("content").get(0).get("type").asText());
        assertEquals("end_turn", message.json().get("stop_reason").asText());
        Wire.Answer refused = wire.post("/messages", "{\"model\":\"moonshotai/Kimi-K2.6\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}],\"metadata\":{\"lora\":\"ghost\"}}");
        assertEquals(404, refused.status());
        assertEquals("error", refused.json().get("type").asText());
    }

    @Test
    void aLoraOnAsapIsRefusedWithSailsMessage() {
        createLora("asap-lora");
        Wire.Answer refused = wire.post("/responses", "{\"model\":\"moonshotai/Kimi-K2.6\",\"input\":\"Hi\","
                + "\"metadata\":{\"lora\":\"asap-lora\",\"completion_window\":\"asap\"}}");
        assertEquals(400, refused.status());
        assertEquals(RequestRules.ASAP_WITH_LORA, refused.errorMessage());
        assertEquals("completion_window", refused.json().get("error").get("param").asText());
        Wire.Answer notString = wire.post("/responses", "{\"model\":\"moonshotai/Kimi-K2.6\",\"input\":\"Hi\",\"metadata\":{\"n\":1}}");
        assertEquals(400, notString.status());
        assertEquals("metadata.n", notString.json().get("error").get("param").asText());
    }

    @Test
    void aJsonBodyAboveTheCapIs413() {
        String huge = "{\"model\":\"moonshotai/Kimi-K2.6\",\"input\":\"" + "a".repeat(SailEmulator.DEFAULT_MAX_JSON_BYTES) + "\"}";
        assertEquals(413, wire.post("/responses", huge).status());
    }

    @Test
    void theSignedCheckpointUrlIsNotEchoedWithItsCredential() {
        Wire.Answer answer = wire.post("/responses", "{\"model\":\"moonshotai/Kimi-K2.6\",\"input\":\"Hi\",\"metadata\":{"
                + "\"tinker_lora_signed_url\":\"https://storage.example/ckpt.tar?sig=secret\"}}");
        assertEquals(200, answer.status(), "a text request with checkpoint keys is served by the base model");
        assertEquals("https://storage.example/ckpt.tar?<redacted>",
                answer.json().get("metadata").get("tinker_lora_signed_url").asText());
    }

    @Test
    void countersCountRequestsPerRoute() {
        wire.get("/models");
        wire.get("/models");
        wire.get("/responses/resp_nope");
        assertEquals(2, emulator.counters().requests("GET /v1/models"));
        assertEquals(1, emulator.counters().requests("GET /v1/responses/{id}"));
    }
}
