package io.sail4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.TextBlock;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import com.openai.models.models.Model;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseOutputText;
import com.openai.models.responses.ResponseStatus;
import io.sail4j.adapter.fake.SailEmulator;
import io.sail4j.core.lora.LoraName;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.ports.local.SyntheticAdapter;
import io.sail4j.ports.out.CreateLora;
import io.sail4j.ports.out.FileUpload;
import io.sail4j.ports.out.SailBackend;
import io.sail4j.ports.out.StoredFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sail's docs tell users to call it with the official OpenAI and Anthropic SDKs (base URL plus key):
 * those SDKs, unchanged, against the emulator, the way Sail's quickstart uses them.
 */
class OfficialSdksAgainstEmulatorTest {
    private static final String KEY = "sk_sdk_compat";
    private static final String KIMI = ModelCatalog.KIMI_K2_6.value();

    private static SailEmulator emulator;
    private static OpenAIClient openai;
    private static AnthropicClient anthropic;

    @BeforeAll
    static void start() {
        emulator = SailEmulator.builder().fakeSettings(fake -> fake.responseDelay(Duration.ofMillis(40))).start();
        openai = OpenAIOkHttpClient.builder().baseUrl(emulator.baseUrl().toString()).apiKey(KEY).maxRetries(0).build();
        // Anthropic's SDK adds /v1 itself.
        String root = emulator.baseUrl().toString().replaceFirst("/v1$", "");
        anthropic = AnthropicOkHttpClient.builder().baseUrl(root).apiKey(KEY).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        openai.close();
        anthropic.close();
        emulator.close();
    }

    @Test
    void openaiFilesCreateUploadsMultipart(@TempDir Path dir) throws Exception {
        Path weights = SyntheticAdapter.kimi().writeTo(dir).weightsFile();

        FileObject file = openai.files().create(FileCreateParams.builder()
                .file(weights)
                .purpose(FilePurpose.of("lora"))
                .build());

        assertTrue(file.id().startsWith("file"), file.id());
        assertEquals(Files.size(weights), file.bytes());
        assertEquals("adapter_model.safetensors", file.filename());
        assertEquals(Files.size(weights), openai.files().retrieve(file.id()).bytes());
    }

    @Test
    void openaiBackgroundResponseIsRetrievedUntilDoneAndReadsOutputText() throws Exception {
        Response created = openai.responses().create(ResponseCreateParams.builder()
                .model(KIMI)
                .input("Tell me a joke about sailing")
                .background(true)
                .build());
        Response response = created;
        for (int polls = 0; polls < 200 && !finished(response); polls++) {
            Thread.sleep(20); // the user's own polling loop, as in Sail's quickstart
            response = openai.responses().retrieve(response.id());
        }

        assertEquals(ResponseStatus.COMPLETED, response.status().orElseThrow());
        assertEquals(created.id(), response.id());
        String text = outputText(response);
        assertFalse(text.isBlank());
    }

    @Test
    void openaiRawTokenBackgroundResponseThroughAdditionalBodyProperties() throws Exception {
        Response response = openai.responses().create(OpenAiResponsesProbe.request(CompletionWorkload.prompt(1)));
        for (int polls = 0; polls < 200 && !OpenAiResponsesProbe.isFinal(response); polls++) {
            Thread.sleep(20);
            response = openai.responses().retrieve(response.id());
        }

        assertEquals(ResponseStatus.COMPLETED, response.status().orElseThrow());
        List<Integer> tokens = OpenAiResponsesProbe.outputTokens(response);
        assertFalse(tokens.isEmpty());
        assertTrue(tokens.size() <= CompletionWorkload.MAX_TOKENS, tokens.toString());
    }

    @Test
    void openaiResponseWithRegisteredLoraAndUnknownLora(@TempDir Path dir) {
        String lora = registerLora(dir, "sdk-compat-lora");

        Response served = openai.responses().create(ResponseCreateParams.builder()
                .model(KIMI)
                .input("hello")
                .metadata(ResponseCreateParams.Metadata.builder()
                        .putAdditionalProperty("lora", JsonValue.from(lora))
                        .putAdditionalProperty("completion_window", JsonValue.from("priority"))
                        .build())
                .build());
        assertEquals(ResponseStatus.COMPLETED, served.status().orElseThrow());
        assertFalse(outputText(served).isBlank());

        NotFoundException unknown = assertThrows(NotFoundException.class, () -> openai.responses().create(
                ResponseCreateParams.builder()
                        .model(KIMI)
                        .input("hello")
                        .metadata(ResponseCreateParams.Metadata.builder()
                                .putAdditionalProperty("lora", JsonValue.from("no-such-lora")).build())
                        .build()));
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.getMessage().contains("no-such-lora"), unknown.getMessage());
    }

    @Test
    void openaiMapsABadRequestToItsTypedError() {
        BadRequestException refused = assertThrows(BadRequestException.class, () -> openai.responses().create(
                ResponseCreateParams.builder().model("no-such/model").input("hello").build()));
        assertEquals(400, refused.statusCode());
    }

    @Test
    void openaiChatCompletion() {
        ChatCompletion completion = openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(KIMI)
                .addUserMessage("Say hello")
                .maxCompletionTokens(50)
                .build());

        assertEquals(1, completion.choices().size());
        assertFalse(completion.choices().get(0).message().content().orElseThrow().isBlank());
        assertEquals(KIMI, completion.model());
    }

    @Test
    void openaiModelsList() {
        List<String> ids = openai.models().list().data().stream().map(Model::id).collect(Collectors.toList());

        assertTrue(ids.contains(KIMI), ids.toString());
    }

    @Test
    void openaiFileNotFound() {
        NotFoundException missing = assertThrows(NotFoundException.class, () -> openai.files().retrieve("file-missing"));
        assertEquals(404, missing.statusCode());
    }

    @Test
    void anthropicMessagesCreate() {
        Message message = anthropic.messages().create(MessageCreateParams.builder()
                .model(KIMI)
                .maxTokens(100)
                .addUserMessage("Tell me a joke about sailing")
                .build());

        String text = message.content().stream().map(ContentBlock::text).flatMap(java.util.Optional::stream)
                .map(TextBlock::text).collect(Collectors.joining());
        assertFalse(text.isBlank());
        assertEquals(KIMI, message.model().asString());
    }

    @Test
    void anthropicMapsNotFound() {
        com.anthropic.errors.NotFoundException unknown = assertThrows(com.anthropic.errors.NotFoundException.class,
                () -> anthropic.messages().create(MessageCreateParams.builder()
                        .model(KIMI)
                        .maxTokens(10)
                        .addUserMessage("hi")
                        .metadata(com.anthropic.models.messages.Metadata.builder()
                                .putAdditionalProperty("lora", com.anthropic.core.JsonValue.from("no-such-lora")).build())
                        .build()));
        assertEquals(404, unknown.statusCode());
    }

    private static boolean finished(Response response) {
        ResponseStatus status = response.status().orElseThrow();
        return !status.equals(ResponseStatus.QUEUED) && !status.equals(ResponseStatus.IN_PROGRESS)
                && !status.asString().equals("pending") && !status.asString().equals("running");
    }

    private static String outputText(Response response) {
        StringBuilder text = new StringBuilder();
        for (ResponseOutputItem item : response.output()) {
            item.message().ifPresent(message -> message.content().forEach(content ->
                    content.outputText().map(ResponseOutputText::text).ifPresent(text::append)));
        }
        return text.toString();
    }

    /** A LoRA registered through sail4j on the same emulator and organization, for the SDKs to use. */
    private static String registerLora(Path dir, String name) {
        SyntheticAdapter.Written written = SyntheticAdapter.kimi().writeTo(dir);
        SailBackend backend = emulator.sail().backend(KEY);
        StoredFile config = backend.uploadFile(FileUpload.lora(written.configFile())).join();
        StoredFile weights = backend.uploadFile(FileUpload.lora(written.weightsFile())).join();
        backend.createLora(CreateLora.of(LoraName.of(name), List.of(ModelCatalog.KIMI_K2_6), config.id(), weights.id())).join();
        return name;
    }
}
