package io.sail4j.adapter.http;

import static io.sail4j.adapter.http.TransportFaultTest.failure;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.AuthenticationException;
import io.sail4j.core.error.BadRequestException;
import io.sail4j.core.error.ResponseFailedException;
import io.sail4j.core.lora.AdapterConfig;
import io.sail4j.core.lora.LoraSource;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.SamplingParams;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.core.tinker.SignedCheckpointUrl;
import io.sail4j.ports.out.FileUpload;
import io.sail4j.ports.out.TokenSampleRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failing request that carries secrets (the API key, a signed checkpoint URL) leaves them in no
 * exception text, stack trace or log line, even when the server echoes them back. Logs are captured
 * from slf4j-simple (which writes to {@code System.err}) with sail4j's loggers at debug.
 */
class SecretsStayOutOfErrorsAndLogsTest {
    private static final String API_KEY = "sk_live_TOPSECRETKEY0123456789";
    private static final String SIGNATURE = "SIGNATURE0SECRET0abcdef";
    private static final String SIGNED_URL = "https://storage.example/ckpt/step-7.tar?X-Amz-Signature=" + SIGNATURE + "&X-Amz-Expires=900";
    private static final String ECHO = "{\"error\":{\"message\":\"could not fetch " + SIGNED_URL + " for Authorization: Bearer "
            + API_KEY + "\",\"type\":\"invalid_request_error\",\"param\":\"" + SIGNED_URL + "\"}}";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private LocalServer server;
    private HttpSailBackend sail;

    @BeforeEach
    void start() throws Exception {
        originalErr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        server = new LocalServer();
        sail = HttpSailBackend.builder().apiKey(API_KEY).baseUrl(server.baseUrl()).maxRetries(1)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();
    }

    @AfterEach
    void stop() {
        sail.close();
        server.close();
        System.setErr(originalErr);
    }

    private TokenSampleRequest withCheckpoint() {
        LoraSource source = new LoraSource.TinkerCheckpoint(SignedCheckpointUrl.of(SIGNED_URL, Instant.now().plusSeconds(900)),
                AdapterConfig.of(Map.of("peft_type", "LORA", "r", 8)), Optional.of("step-7"));
        return new TokenSampleRequest(ModelCatalog.KIMI_K2_6, ModelInput.of(1, 2), SamplingParams.of(4), StopCondition.none(),
                CompletionWindow.PRIORITY, Optional.of(source), Map.of(), Optional.of(Duration.ofSeconds(20)), Optional.empty());
    }

    private void assertNoSecretIn(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        for (String text : new String[] {failure.getMessage(), failure.toString(), trace.toString()}) {
            assertFalse(text.contains(API_KEY), text);
            assertFalse(text.contains(SIGNATURE), text);
        }
    }

    private void assertNoSecretInLogs(String expectedLine) {
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertTrue(logs.contains(expectedLine), "the capture works and saw the call: " + logs);
        assertFalse(logs.contains(API_KEY), logs);
        assertFalse(logs.contains(SIGNATURE), logs);
    }

    @Test
    void rejectedRequestEchoingTheKeyAndSignedUrl() {
        server.on("POST /v1/responses", (request, exchange) -> LocalServer.json(exchange, 400, ECHO));

        BadRequestException e = assertInstanceOf(BadRequestException.class, failure(sail.sampleTokens(withCheckpoint())));

        assertTrue(e.getMessage().contains("storage.example/ckpt/step-7.tar"), "the redacted URL still says which: " + e.getMessage());
        assertNoSecretIn(e);
        assertFalse(e.param().orElseThrow().contains(SIGNATURE));
        assertNoSecretInLogs("POST /v1/responses -> 400");
        assertTrue(server.requests.get(0).bodyText().contains(SIGNATURE), "the URL itself was sent to Sail");
    }

    @Test
    void failedResponseMentioningTheSignedUrl() {
        server.on("POST /v1/responses", (request, exchange) -> LocalServer.json(exchange, 202,
                BackgroundResponsesTest.response("pending", "[]", "")));
        server.on("GET /v1/responses/resp_1", (request, exchange) -> LocalServer.json(exchange, 200,
                BackgroundResponsesTest.response("failed", "[]", ",\"error\":{\"code\":\"tinker_checkpoint_unavailable\","
                        + "\"message\":\"GET " + SIGNED_URL + " answered 403\"}")));

        ResponseFailedException e = assertInstanceOf(ResponseFailedException.class, failure(sail.sampleTokens(withCheckpoint())));

        assertNoSecretIn(e);
        assertNoSecretInLogs("GET /v1/responses/resp_1 -> 200");
    }

    @Test
    void uploadRejectedWithTheKeyEchoed() throws Exception {
        Path file = Files.write(dir.resolve("adapter_config.json"), "{}".getBytes(StandardCharsets.UTF_8));
        server.on("POST /v1/files", (request, exchange) -> LocalServer.json(exchange, 401,
                "{\"error\":{\"message\":\"invalid key " + API_KEY + "\",\"type\":\"authentication_error\"}}"));

        AuthenticationException e = assertInstanceOf(AuthenticationException.class, failure(sail.uploadFile(FileUpload.lora(file))));

        assertNoSecretIn(e);
        assertNoSecretInLogs("POST /v1/files -> 401");
    }

    @Test
    void backendAndConfigTextNeverShowTheKey() {
        assertFalse(sail.toString().contains(API_KEY));
        assertFalse(sail.config().toString().contains(API_KEY));
    }
}
