package io.sail4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.sail4j.adapter.fake.InMemorySail;
import io.sail4j.adapter.fake.SailEmulator;
import io.sail4j.adapter.http.HttpSailBackend;
import io.sail4j.application.Sail;
import io.sail4j.core.error.InvalidAnswerException;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.SailApiException;
import io.sail4j.core.lora.FileId;
import io.sail4j.core.lora.LoraName;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.core.model.LoraSupport;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.model.ModelId;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.ports.in.ChatCompletionRequest;
import io.sail4j.ports.in.MessagesRequest;
import io.sail4j.ports.in.RegisterLora;
import io.sail4j.ports.in.ResponseRequest;
import io.sail4j.ports.in.TokenCompleter;
import io.sail4j.ports.in.TokenCompleterOptions;
import io.sail4j.ports.out.CreateLora;
import io.sail4j.ports.out.FileUpload;
import io.sail4j.ports.out.PageRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus: every case gets exactly the documented exception type naming the documented
 * field, never a {@code NullPointerException}, a library's exception or a hang. Inputs go through the
 * public client over the HTTP adapter to the emulator (so a refusal is also checked to send nothing);
 * malformed answers come from a local server that answers whatever a case says.
 */
class BadInputCorpusTest {
    static final String API_KEY = "sk_reliability_bad_input";
    static final ModelId KIMI = ModelCatalog.KIMI_K2_6;
    static final Set<String> ENTRY_POINTS = Set.of("register", "upload", "completer", "text", "get", "answer");
    static final int ANSWER_CAP_BYTES = 64 * 1024;

    @TempDir
    static Path tmp;

    static InMemorySail fake;
    static SailEmulator emulator;
    static Sail sail;
    static AnswerServer answers;
    static Sail answered;
    static final AtomicInteger caseDirs = new AtomicInteger();

    /** The built-in catalog plus a model without LoRA serving and one offering only asap and standard. */
    static ModelCatalog catalog() {
        BaseModel kimi = ModelCatalog.builtIn().find(KIMI).orElseThrow();
        return ModelCatalog.builtIn()
                .with(new BaseModel(ModelId.of("acme/plain-8b"), Optional.empty(), Set.copyOf(CompletionWindow.KNOWN), Optional.empty()))
                .with(new BaseModel(ModelId.of("acme/fast-only"), Optional.of(LoraSupport.anyModule(16)),
                        Set.of(CompletionWindow.ASAP, CompletionWindow.STANDARD), Optional.empty()))
                .with(kimi);
    }

    @BeforeAll
    static void start() {
        fake = InMemorySail.builder().catalog(catalog()).build();
        emulator = SailEmulator.builder().sail(fake).maxJsonBytes(1 << 20).start();
        sail = Sail.builder(HttpSailBackend.builder().apiKey(API_KEY).baseUrl(emulator.baseUrl()).maxRetries(1)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).responseWait(Duration.ofSeconds(20)).build())
                .catalog(catalog()).build();
        answers = new AnswerServer();
        answered = Sail.builder(HttpSailBackend.builder().apiKey(API_KEY).baseUrl(answers.baseUrl()).maxRetries(1)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).maxRetryAfter(Duration.ofMillis(5))
                .maxResponseBytes(ANSWER_CAP_BYTES).responseWait(Duration.ofSeconds(20)).build())
                .catalog(catalog()).build();
    }

    @AfterAll
    static void stop() {
        answered.close();
        answers.close();
        sail.close();
        emulator.close();
        fake.close();
    }

    static List<BadInputCase> cases() {
        return BadInputCase.all();
    }

    @Test
    void theCorpusHoldsAtLeastSixtyCasesAndEachSaysWhatItExpects() {
        List<BadInputCase> all = cases();
        assertTrue(all.size() >= 60, "cases: " + all.size());
        for (BadInputCase c : all) {
            assertTrue(ENTRY_POINTS.contains(c.via()), c + ": via " + c.via());
            assertTrue(!c.name().isBlank() && !c.expectedType().isBlank(), c.toString());
            assertTrue(c.expectedField() != null || c.expect().has("status") || c.expect().has("message"),
                    c + ": names a field, a status or a message");
        }
        assertEquals(all.size(), all.stream().map(c -> c.file() + c.name()).distinct().count(), "case names are unique per file");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void eachBadInputGetsItsTypedErrorNamingTheField(BadInputCase c) throws Exception {
        long postsBefore = postsReceived();
        Throwable thrown = failureOf(c);

        assertEquals(c.expectedType(), thrown.getClass().getSimpleName(), c + ": " + text(thrown));
        String field = c.expectedField();
        if (thrown instanceof InvalidRequestException refused) {
            assertTrue(refused.names(field), c + ": expected " + field + " among " + refused.violations());
            if (!c.via().equals("answer")) {
                assertEquals(postsBefore, postsReceived(), c + ": refused before anything was sent");
            }
        } else if (thrown instanceof InvalidAnswerException invalid) {
            if (field != null) {
                assertTrue(invalid.getMessage().contains("field '" + field + "'"), c + ": names " + field + ": " + invalid.getMessage());
            }
        } else if (thrown instanceof SailApiException api) {
            assertEquals(c.expect().path("status").asInt(), api.status(), c + ": " + api.getMessage());
            if (field != null) {
                assertEquals(Optional.of(field), api.param(), c + ": " + api.getMessage());
            }
        }
        if (c.expect().has("message")) {
            assertTrue(thrown.getMessage().contains(c.expect().get("message").asText()), c + ": " + thrown.getMessage());
        }
    }

    /** Everything the emulator was asked to create so far: a refusal must not add to it. */
    static long postsReceived() {
        return emulator.counters().requests().entrySet().stream().filter(e -> !e.getKey().startsWith("GET "))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** What the case's call failed with, synchronously or through its future; a success or a hang fails the test. */
    static Throwable failureOf(BadInputCase c) throws Exception {
        CompletableFuture<?> call;
        try {
            call = start(c);
        } catch (RuntimeException e) {
            return e;
        }
        try {
            Object value = call.get(30, TimeUnit.SECONDS);
            return fail(c + ": expected " + c.expectedType() + " but the call succeeded with " + value);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            return cause;
        } catch (TimeoutException e) {
            call.cancel(true);
            return fail(c + ": hung for 30 s instead of failing with " + c.expectedType());
        }
    }

    static CompletableFuture<?> start(BadInputCase c) throws Exception {
        JsonNode in = c.input();
        return switch (c.via()) {
            case "register" -> register(in);
            case "upload" -> upload(in);
            case "completer" -> complete(sail, in);
            case "text" -> text(sail, in);
            case "get" -> sail.loras().get(in.get("ref").asText());
            case "answer" -> answer(in);
            default -> throw new IllegalArgumentException("unknown entry point " + c.via());
        };
    }

    static CompletableFuture<?> register(JsonNode in) throws Exception {
        Path root = tmp.resolve("case-" + caseDirs.incrementAndGet());
        Files.createDirectories(root);
        Path dir = AdapterFiles.write(in.path("adapter"), root);
        RegisterLora.Builder registration = RegisterLora.fromDirectory(dir).name(text(in, "name", "bad-input"));
        if (in.has("models")) {
            in.get("models").forEach(m -> registration.model(m.asText()));
        } else {
            registration.models(KIMI);
        }
        return sail.loras().register(registration.build());
    }

    /** A file upload: {@code file} is a small JSON file, a {@code sparse} one of {@code bytes}, a directory or missing. */
    static CompletableFuture<?> upload(JsonNode in) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("case-" + caseDirs.incrementAndGet()));
        Path path = root.resolve("adapter_config.json");
        switch (in.path("file").asText("small")) {
            case "directory" -> Files.createDirectory(path);
            case "missing" -> { }
            case "sparse" -> {
                try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(path.toFile(), "rw")) {
                    file.setLength(in.get("bytes").asLong());
                }
            }
            default -> Files.writeString(path, "{}");
        }
        return sail.files().upload(new FileUpload(path, text(in, "filename", path.getFileName().toString()),
                text(in, "purpose", "lora"), (sent, total) -> { }, Optional.ofNullable(text(in, "idempotencyKey", null))));
    }

    static CompletableFuture<?> complete(Sail client, JsonNode in) {
        TokenCompleterOptions.Builder options = TokenCompleterOptions.builder().model(text(in, "model", KIMI.value()));
        if (!in.has("maxTokens") || !in.get("maxTokens").isNull()) {
            options.maxTokens(in.path("maxTokens").asInt(8));
        }
        if (in.has("temperature")) {
            options.temperature(in.get("temperature").asDouble());
        }
        if (in.has("topP")) {
            options.topP(in.get("topP").asDouble());
        }
        if (in.has("window")) {
            options.completionWindow(in.get("window").asText());
        }
        if (in.has("lora")) {
            options.lora(in.get("lora").asText());
        }
        if (in.has("signedUrl")) {
            options.tinkerLoraSignedUrl(in.get("signedUrl").asText());
        }
        if (in.has("checkpoint")) {
            options.tinkerCheckpoint(in.get("checkpoint").asText());
        }
        if (in.has("locator")) {
            options.loraLocator(in.get("locator").asText());
        }
        if (in.has("tinkerName")) {
            options.tinkerLoraName(in.get("tinkerName").asText());
        }
        JsonNode config = in.path("adapterConfig");
        if (config.isTextual()) {
            options.adapterConfig(config.asText());
        } else if (config.isObject()) {
            options.adapterConfig(BadInputCase.JSON.convertValue(config, new TypeReference<Map<String, Object>>() { }));
        }
        strings(in.path("metadata")).forEach(options::metadata);
        if (in.has("timeoutMs")) {
            options.timeout(Duration.ofMillis(in.get("timeoutMs").asLong()));
        }
        if (in.has("maxInFlight")) {
            options.maxInFlight(in.get("maxInFlight").asInt());
        }
        TokenCompleter completer = client.tokenCompleter(options.build());
        JsonNode call = in.path("call");
        ModelInput prompt = ModelInput.of(ints(call.has("tokens") ? call.get("tokens") : BadInputCase.JSON.valueToTree(new int[] {1, 2, 3})));
        StopCondition stop = call.has("stop") ? StopCondition.strings(stringList(call.get("stop")))
                : call.has("stopTokens") ? StopCondition.tokens(ints(call.get("stopTokens"))) : StopCondition.none();
        return call.has("maxTokens") ? completer.complete(prompt, stop, call.get("maxTokens").asInt()) : completer.complete(prompt, stop);
    }

    /** The text builders share their option names; this sets them on whichever the case names. */
    static CompletableFuture<?> text(Sail client, JsonNode in) {
        String model = text(in, "model", KIMI.value());
        String api = in.path("api").asText();
        Map<String, String> metadata = new LinkedHashMap<>();
        in.path("metadata").properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asText()));
        Map<String, Object> extra = new LinkedHashMap<>();
        in.path("extra").properties().forEach(e -> extra.put(e.getKey(), BadInputCase.JSON.convertValue(e.getValue(), Object.class)));
        List<String[]> messages = new ArrayList<>();
        if (in.has("messages")) {
            in.get("messages").forEach(m -> messages.add(new String[] {m.get(0).asText(), m.get(1).asText()}));
        } else {
            messages.add(new String[] {"user", "hi"});
        }
        switch (api) {
            case "responses" -> {
                ResponseRequest.Builder b = ResponseRequest.builder(model);
                String input = in.has("inputRepeat") ? "x".repeat(in.get("inputRepeat").asInt()) : text(in, "input", "hi");
                if (input != null) {
                    b.input(input);
                }
                if (in.has("lora")) {
                    b.lora(in.get("lora").asText());
                }
                if (in.has("window")) {
                    b.completionWindow(in.get("window").asText());
                }
                if (in.has("background")) {
                    b.background(in.get("background").asBoolean());
                }
                if (in.has("temperature")) {
                    b.temperature(in.get("temperature").asDouble());
                }
                if (in.has("topP")) {
                    b.topP(in.get("topP").asDouble());
                }
                metadata.forEach(b::metadata);
                extra.forEach(b::extra);
                return client.text().respond(b.build());
            }
            case "chat" -> {
                ChatCompletionRequest.Builder b = ChatCompletionRequest.builder(model);
                messages.forEach(m -> b.message(m[0], m[1]));
                if (in.has("lora")) {
                    b.lora(in.get("lora").asText());
                }
                if (in.has("window")) {
                    b.completionWindow(in.get("window").asText());
                }
                if (in.has("temperature")) {
                    b.temperature(in.get("temperature").asDouble());
                }
                if (in.has("topP")) {
                    b.topP(in.get("topP").asDouble());
                }
                metadata.forEach(b::metadata);
                extra.forEach(b::extra);
                return client.text().chat(b.build());
            }
            case "messages" -> {
                MessagesRequest.Builder b = MessagesRequest.builder(model);
                messages.forEach(m -> b.message(m[0], m[1]));
                if (!in.has("maxTokens") || !in.get("maxTokens").isNull()) {
                    b.maxTokens(in.path("maxTokens").asInt(16));
                }
                if (in.has("lora")) {
                    b.lora(in.get("lora").asText());
                }
                if (in.has("window")) {
                    b.completionWindow(in.get("window").asText());
                }
                if (in.has("temperature")) {
                    b.temperature(in.get("temperature").asDouble());
                }
                if (in.has("topP")) {
                    b.topP(in.get("topP").asDouble());
                }
                metadata.forEach(b::metadata);
                extra.forEach(b::extra);
                return client.text().message(b.build());
            }
            default -> throw new IllegalArgumentException("unknown api " + api);
        }
    }

    /** Sets the local server's answer for the case's call, then makes the call. */
    static CompletableFuture<?> answer(JsonNode in) throws Exception {
        answers.clear();
        AnswerServer.Answer given = answerOf(in);
        String call = in.get("call").asText();
        switch (call) {
            case "upload" -> {
                answers.on("POST /v1/files", given);
                Path file = Files.writeString(tmp.resolve("upload-" + caseDirs.incrementAndGet() + ".json"), "{}");
                return answered.files().upload(FileUpload.lora(file));
            }
            case "getFile" -> {
                answers.on("GET /v1/files/", given);
                return answered.files().get(FileId.of("file-1"));
            }
            case "getLora" -> {
                answers.on("GET /v1/loras/", given);
                return answered.loras().get("funnier-v1");
            }
            case "createLora" -> {
                answers.on("POST /v1/loras", given);
                return answered.loras().create(CreateLora.of(LoraName.of("funnier-v1"), List.of(KIMI), FileId.of("file-1"),
                        FileId.of("file-2")));
            }
            case "listLoras" -> {
                answers.on("GET /v1/loras", given);
                return answered.loras().listPage(PageRequest.first());
            }
            case "listModels" -> {
                answers.on("GET /v1/models", given);
                return answered.refreshCatalog();
            }
            case "sample" -> {
                answers.on("POST /v1/responses", in.has("body") ? given : AnswerServer.Answer.json(202,
                        "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"pending\",\"output\":[]}"));
                answers.on("GET /v1/responses/", in.has("poll") ? answerOf(in.get("poll")) : given);
                return answered.tokenCompleter(TokenCompleterOptions.builder(KIMI.value(), 4).build())
                        .complete(ModelInput.of(1, 2, 3), StopCondition.none());
            }
            case "respond" -> {
                answers.on("POST /v1/responses", given);
                return answered.text().respond(ResponseRequest.builder(KIMI).input("hi").build());
            }
            case "chat" -> {
                answers.on("POST /v1/chat/completions", given);
                return answered.text().chat(ChatCompletionRequest.builder(KIMI).user("hi").build());
            }
            case "message" -> {
                answers.on("POST /v1/messages", given);
                return answered.text().message(MessagesRequest.builder(KIMI).user("hi").maxTokens(5).build());
            }
            default -> throw new IllegalArgumentException("unknown call " + call);
        }
    }

    static AnswerServer.Answer answerOf(JsonNode in) {
        String body;
        if (in.has("bodyRepeat")) {
            JsonNode repeat = in.get("bodyRepeat");
            body = repeat.path("prefix").asText() + repeat.path("repeat").asText().repeat(repeat.path("times").asInt())
                    + repeat.path("suffix").asText();
        } else {
            body = in.path("body").asText("");
        }
        return new AnswerServer.Answer(in.path("status").asInt(200), body.getBytes(StandardCharsets.UTF_8),
                strings(in.path("headers")), in.path("chunked").asBoolean(false));
    }

    static String text(JsonNode in, String field, String fallback) {
        if (!in.has(field)) {
            return fallback;
        }
        return in.get(field).isNull() ? null : in.get(field).asText();
    }

    static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    static List<String> stringList(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }

    static String text(Throwable thrown) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }
}
