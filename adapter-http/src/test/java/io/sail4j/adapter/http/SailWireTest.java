package io.sail4j.adapter.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sail4j.core.error.ApiError;
import io.sail4j.core.error.InvalidAnswerException;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.lora.AdapterConfig;
import io.sail4j.core.lora.Lora;
import io.sail4j.core.lora.LoraRef;
import io.sail4j.core.lora.LoraSource;
import io.sail4j.core.lora.ValidationStatus;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.model.ModelId;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.SamplingParams;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.core.sampling.StopReason;
import io.sail4j.core.tinker.SignedCheckpointUrl;
import io.sail4j.ports.out.Page;
import io.sail4j.ports.out.TextRequest;
import io.sail4j.ports.out.TextResult;
import io.sail4j.ports.out.TokenSampleRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SailWireTest {
    private static final ModelId KIMI = ModelCatalog.KIMI_K2_6;

    static Answer answer(String json) {
        return new Answer("GET /v1/test", 200, json.getBytes(StandardCharsets.UTF_8), "req_1", null);
    }

    static TokenSampleRequest tokens(Optional<LoraSource> lora, StopCondition stop, boolean logprobs) {
        return new TokenSampleRequest(KIMI, ModelInput.of(1, 2, 3), SamplingParams.of(16).withLogprobs(logprobs), stop,
                CompletionWindow.PRIORITY, lora, Map.of("trace", "t-1"), Optional.empty(), Optional.empty());
    }

    @Test
    void tokenSampleIsABackgroundResponseWithTokenInputAndWindowInMetadata() {
        ObjectNode body = SailWire.tokenSample(tokens(Optional.of(LoraSource.registered(LoraRef.parse("my-lora"))),
                StopCondition.tokens(7, 9), true));
        assertEquals("moonshotai/Kimi-K2.6", body.path("model").asText());
        assertEquals("input_tokens", body.path("input").path(0).path("type").asText());
        assertEquals("[1,2,3]", body.path("input").path(0).path("token_ids").toString());
        assertEquals(16, body.path("max_output_tokens").asInt());
        assertTrue(body.path("background").asBoolean());
        assertTrue(body.path("logprobs").asBoolean());
        assertEquals("[7,9]", body.path("stop_token_ids").toString());
        assertFalse(body.has("stop"));
        assertEquals("priority", body.path("metadata").path("completion_window").asText());
        assertEquals("my-lora", body.path("metadata").path("lora").asText());
        assertEquals("t-1", body.path("metadata").path("trace").asText());
    }

    @Test
    void tinkerCheckpointTravelsAsThreeMetadataStrings() {
        AdapterConfig config = AdapterConfig.of(Map.of("peft_type", "LORA", "r", 8));
        SignedCheckpointUrl url = SignedCheckpointUrl.of("https://storage.example/ckpt.tar?sig=abc", Instant.now().plusSeconds(600));
        ObjectNode body = SailWire.tokenSample(tokens(Optional.of(new LoraSource.TinkerCheckpoint(url, config, Optional.of("step-7"))),
                StopCondition.strings("\n\n"), false));
        JsonNode metadata = body.path("metadata");
        assertEquals("https://storage.example/ckpt.tar?sig=abc", metadata.path("tinker_lora_signed_url").asText());
        assertTrue(metadata.path("tinker_lora_adapter_config").isTextual(), "a JSON string, not an object");
        assertTrue(metadata.path("tinker_lora_adapter_config").asText().contains("\"peft_type\":\"LORA\""));
        assertEquals("step-7", metadata.path("tinker_lora_name").asText());
        assertFalse(metadata.has("lora"));
        assertEquals("[\"\\n\\n\"]", body.path("stop").toString());
    }

    @Test
    void callerMetadataCannotContradictTheTypedFields() {
        TokenSampleRequest request = new TokenSampleRequest(KIMI, ModelInput.of(1), SamplingParams.of(1), StopCondition.none(),
                CompletionWindow.PRIORITY, Optional.empty(), Map.of("completion_window", "flex"), Optional.empty(), Optional.empty());
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> SailWire.tokenSample(request));
        assertTrue(e.names("metadata.completion_window"));
    }

    static TextRequest text(TextRequest.Api api, List<TextRequest.Message> messages, Map<String, Object> extra) {
        return new TextRequest(api, KIMI, Optional.of("Be brief."), messages, Optional.of(64), Optional.of(0.5),
                Optional.empty(), Optional.of(CompletionWindow.STANDARD), Optional.of(LoraRef.parse("my-lora")), Map.of(),
                false, extra, Optional.empty());
    }

    @Test
    void responsesSendsASingleUserMessageAsAStringAndPassesExtraThrough() {
        SailWire.TextCall call = SailWire.text(text(TextRequest.Api.RESPONSES, List.of(TextRequest.Message.user("hi")),
                Map.of("prompt_cache_key", "pk-1", "user", "u-1")));
        assertEquals("/responses", call.path());
        assertEquals("hi", call.body().path("input").asText());
        assertEquals("Be brief.", call.body().path("instructions").asText());
        assertEquals(64, call.body().path("max_output_tokens").asInt());
        assertEquals("standard", call.body().path("metadata").path("completion_window").asText());
        assertEquals("my-lora", call.body().path("metadata").path("lora").asText());
        assertEquals("pk-1", call.body().path("prompt_cache_key").asText());
        assertEquals("u-1", call.body().path("user").asText());
    }

    @Test
    void chatCompletionsPutsInstructionsFirstAsASystemTurn() {
        SailWire.TextCall call = SailWire.text(text(TextRequest.Api.CHAT_COMPLETIONS,
                List.of(TextRequest.Message.user("hi"), new TextRequest.Message("assistant", "yo"), TextRequest.Message.user("?")), Map.of()));
        assertEquals("/chat/completions", call.path());
        JsonNode messages = call.body().path("messages");
        assertEquals("system", messages.path(0).path("role").asText());
        assertEquals("Be brief.", messages.path(0).path("content").asText());
        assertEquals(4, messages.size());
        assertEquals(64, call.body().path("max_completion_tokens").asInt());
    }

    @Test
    void messagesKeepsTheSystemPromptOutOfTheTurns() {
        SailWire.TextCall call = SailWire.text(text(TextRequest.Api.MESSAGES,
                List.of(new TextRequest.Message("system", "Use French."), TextRequest.Message.user("hi")), Map.of()));
        assertEquals("/messages", call.path());
        assertEquals("Be brief.\n\nUse French.", call.body().path("system").asText());
        assertEquals(1, call.body().path("messages").size());
        assertEquals(64, call.body().path("max_tokens").asInt());
    }

    @Test
    void extraThatDuplicatesAFieldIsRefused() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> SailWire.text(
                text(TextRequest.Api.RESPONSES, List.of(TextRequest.Message.user("hi")), Map.of("model", "other"))));
        assertTrue(e.names("extra.model"));
    }

    private static final String LORA_JSON = """
            {"id":"3f2b8c1e-0000-4000-8000-000000000001","object":"lora","name":"my-lora","display_name":null,
             "description":"d","supported_models":["moonshotai/Kimi-K2.6"],"config_file_id":"file-c",
             "weights_file_id":"file-w","created_at":1767225600,
             "validations":[{"id":"val-1","model":"moonshotai/Kimi-K2.6","status":"failed",
                             "result_code":"rank_too_large","result_message":"r=64 > 32","created_at":1767225600,
                             "updated_at":"2026-01-01T00:00:05Z"}]}""";

    @Test
    void loraObjectIsReadWithItsValidations() {
        Lora lora = SailWire.lora(answer(LORA_JSON));
        assertEquals("my-lora", lora.name().value());
        assertEquals(Optional.empty(), lora.displayName());
        assertEquals(Optional.of("d"), lora.description());
        assertEquals(List.of(KIMI), lora.supportedModels());
        assertEquals("file-w", lora.weightsFileId().value());
        assertEquals(Instant.ofEpochSecond(1767225600), lora.createdAt());
        assertEquals(ValidationStatus.FAILED, lora.validations().get(0).status());
        assertEquals(Optional.of("rank_too_large"), lora.validations().get(0).resultCode());
        assertEquals(Instant.parse("2026-01-01T00:00:05Z"), lora.validations().get(0).updatedAt());
    }

    @Test
    void listsComeWrappedOrAsABareArray() {
        Page<Lora> wrapped = SailWire.loraPage(answer("{\"object\":\"list\",\"data\":[" + LORA_JSON + "],\"has_more\":true}"));
        assertEquals(1, wrapped.data().size());
        assertTrue(wrapped.hasMore());
        Page<Lora> bare = SailWire.loraPage(answer("[" + LORA_JSON + "]"));
        assertEquals(1, bare.data().size());
        assertFalse(bare.hasMore());
    }

    @Test
    void modelsFallBackToTheBuiltInCatalogWhereFieldsAreMissing() {
        List<BaseModel> models = SailWire.models(answer("""
                {"object":"list","data":[{"id":"moonshotai/Kimi-K2.6","object":"model","owned_by":"sail"},
                  {"id":"acme/other","object":"model","completion_windows":["asap","standard"],
                   "lora":{"max_rank":16,"target_modules":["q_proj"]}},
                  {"id":"acme/plain","object":"model"}]}"""));
        assertEquals(3, models.size());
        BaseModel kimi = models.get(0);
        assertEquals(32, kimi.lora().orElseThrow().maxRank(), "from the catalog");
        assertTrue(kimi.architecture().isPresent());
        assertEquals(16, models.get(1).lora().orElseThrow().maxRank());
        assertTrue(models.get(1).lora().orElseThrow().allowsTarget("q_proj"));
        assertFalse(models.get(1).supportsWindow(CompletionWindow.FLEX));
        assertFalse(models.get(2).takesLoras());
    }

    @ParameterizedTest
    @CsvSource({"pending,WORKING", "running,WORKING", "queued,WORKING", "in_progress,WORKING", "completed,COMPLETED",
            "incomplete,INCOMPLETE", "failed,FAILED", "cancelled,FAILED", "something_new,WORKING"})
    void bothStatusVocabulariesAreUnderstood(String status, SailWire.Progress progress) {
        assertEquals(progress, SailWire.progress(status));
    }

    @Test
    void sampledTokensKeepLogprobsOnlyWhenAskedFor() {
        SailWire.ResponseState state = SailWire.responseState(answer("""
                {"id":"resp_1","object":"response","status":"completed","model":"moonshotai/Kimi-K2.6",
                 "output":[{"type":"output_tokens","token_ids":[5,6],"logprobs":[-0.5,-1.25],"stop_reason":"length"}]}"""));
        SampledTokens with = SailWire.sampledTokens(state, true).orElseThrow();
        assertArrayEquals(new int[] {5, 6}, with.tokens());
        assertArrayEquals(new double[] {-0.5, -1.25}, with.logprobs().orElseThrow());
        assertEquals(StopReason.LENGTH, with.stopReason());
        assertTrue(SailWire.sampledTokens(state, false).orElseThrow().logprobs().isEmpty());
    }

    @Test
    void responsesTextJoinsOutputTextParts() {
        SailWire.ResponseState state = SailWire.responseState(answer("""
                {"id":"resp_2","object":"response","status":"completed","model":"moonshotai/Kimi-K2.6",
                 "output":[{"type":"message","id":"m","status":"completed","role":"assistant",
                   "content":[{"type":"output_text","text":"Hello, ","annotations":[]},{"type":"output_text","text":"world"}]}],
                 "usage":{"input_tokens":3,"output_tokens":2,"total_tokens":5}}"""));
        TextResult result = SailWire.responsesText(state).orElseThrow();
        assertEquals("Hello, world", result.text());
        assertEquals(5, result.usage().totalTokens());
        assertEquals(Optional.of("completed"), result.finishReason());
    }

    @Test
    void chatAndMessagesAnswersAreRead() {
        TextResult chat = SailWire.chatText(answer("""
                {"id":"chatcmpl-1","object":"chat.completion","model":"moonshotai/Kimi-K2.6",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"hey"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":4,"completion_tokens":1,"total_tokens":5}}"""));
        assertEquals("hey", chat.text());
        assertEquals(4, chat.usage().inputTokens());
        assertEquals(Optional.of("stop"), chat.finishReason());
        TextResult messages = SailWire.messagesText(answer("""
                {"id":"msg_1","type":"message","role":"assistant","model":"moonshotai/Kimi-K2.6",
                 "content":[{"type":"text","text":"bonjour"}],"stop_reason":"end_turn",
                 "usage":{"input_tokens":2,"output_tokens":1}}"""));
        assertEquals("bonjour", messages.text());
        assertEquals(Optional.of("end_turn"), messages.finishReason());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json at all",
            "{\"id\":\"3f2b8c1e-0000-4000-8000-000000000001\",\"name\":\"my-lora\"}",
            "{\"id\":\"not-a-uuid\",\"name\":\"my-lora\",\"supported_models\":[],\"config_file_id\":\"c\",\"weights_file_id\":\"w\"}",
            "{\"id\":\"3f2b8c1e-0000-4000-8000-000000000001\",\"name\":\"Bad Name\",\"supported_models\":[],\"config_file_id\":\"c\",\"weights_file_id\":\"w\"}"})
    void malformedAnswersAreInvalidAnswers(String body) {
        assertThrows(InvalidAnswerException.class, () -> SailWire.lora(answer(body)));
    }

    @Test
    void errorBodiesAreReadInTheOpenAiShapeAndScrubbed() {
        Answer answer = new Answer("POST /v1/responses", 400, """
                {"error":{"message":"cannot fetch https://bucket/x.tar?X-Amz-Signature=deadbeef for key sk_123",
                 "type":"invalid_request_error","code":"bad_url","param":"metadata"}}""".getBytes(StandardCharsets.UTF_8),
                "req_9", null);
        ApiError error = SailWire.apiError(answer, "sk_123");
        assertEquals(400, error.status());
        assertEquals("invalid_request_error", error.type());
        assertEquals("bad_url", error.code());
        assertEquals("metadata", error.param());
        assertEquals("req_9", error.requestId());
        assertFalse(error.message().contains("deadbeef"), error.message());
        assertFalse(error.message().contains("sk_123"), error.message());
        ApiError notJson = SailWire.apiError(new Answer("GET /v1/models", 502, "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8),
                null, null), "k");
        assertTrue(notJson.message().contains("502"), notJson.message());
    }
}
