package io.sail4j.adapter.http;

import static io.sail4j.adapter.http.TransportFaultTest.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.adapter.fake.Fault;
import io.sail4j.adapter.fake.InMemorySail;
import io.sail4j.adapter.fake.SailEmulator;
import io.sail4j.core.error.BadRequestException;
import io.sail4j.core.error.ServerException;
import io.sail4j.core.lora.Lora;
import io.sail4j.core.lora.LoraName;
import io.sail4j.core.lora.LoraSource;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.SamplingParams;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.ports.local.SyntheticAdapter;
import io.sail4j.ports.out.CreateLora;
import io.sail4j.ports.out.FileUpload;
import io.sail4j.ports.out.StoredFile;
import io.sail4j.ports.out.TokenSampleRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fault scenarios, injected by the emulator and counted on its side. */
class EmulatorFaultTest {
    private static final String API_KEY = "sk_emulator_faults";

    @TempDir
    Path dir;

    private InMemorySail fake;
    private SailEmulator emulator;
    private HttpSailBackend sail;

    @BeforeEach
    void start() {
        fake = InMemorySail.builder().responseDelay(Duration.ofMillis(2)).build();
        emulator = SailEmulator.serving(fake);
        sail = HttpSailBackend.builder().apiKey(API_KEY).baseUrl(emulator.baseUrl()).maxRetries(3)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(20)).maxRetryAfter(Duration.ofMillis(200)).build();
    }

    @AfterEach
    void stop() {
        sail.close();
        emulator.close();
        fake.close();
    }

    private static TokenSampleRequest sample(Optional<LoraSource> lora) {
        return new TokenSampleRequest(ModelCatalog.KIMI_K2_6, ModelInput.of(72, 105), SamplingParams.of(8), StopCondition.none(),
                CompletionWindow.PRIORITY, lora, Map.of(), Optional.of(Duration.ofSeconds(20)), Optional.empty());
    }

    @Test
    void answersLostOnTheWayBackCreateNothingTwice() {
        emulator.faults().next(1, "POST /v1/files", Fault.resetAfterProcessing());
        emulator.faults().next(1, "POST /v1/loras", Fault.resetAfterProcessing());
        emulator.faults().next(1, "POST /v1/responses", Fault.resetAfterProcessing());
        SyntheticAdapter.Written adapter = SyntheticAdapter.kimi().writeTo(dir.resolve("adapter"));

        StoredFile config = sail.uploadFile(FileUpload.lora(adapter.configFile())).join();
        StoredFile weights = sail.uploadFile(FileUpload.lora(adapter.weightsFile())).join();
        Lora lora = sail.createLora(CreateLora.of(LoraName.of("lost-answers"), List.of(ModelCatalog.KIMI_K2_6),
                config.id(), weights.id())).join();
        SampledTokens tokens = sail.sampleTokens(sample(Optional.of(LoraSource.registered(lora.ref())))).join();

        assertEquals(8, tokens.length());
        assertEquals(2, emulator.counters().created("file"));
        assertEquals(1, emulator.counters().created("lora"));
        assertEquals(1, emulator.counters().created("response"));
        assertEquals(3, emulator.counters().idempotentReplays(), "each lost answer was replayed, not redone");
        assertEquals(3, emulator.counters().requests("POST /v1/files"));
        assertEquals(2, emulator.counters().requests("POST /v1/loras"));
    }

    @Test
    void rateLimitWithRetryAfterWaitsTheCappedDelayAndSucceeds() {
        emulator.faults().next(1, "GET /v1/models", Fault.rateLimited(Duration.ofSeconds(30)));
        long started = System.nanoTime();
        assertFalse(sail.listModels().join().isEmpty());
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMs >= 190 && tookMs < 10_000, "waited the 200 ms cap, not 30 s: " + tookMs);
        assertEquals(2, emulator.counters().requests("GET /v1/models"));
    }

    @Test
    void internalServerErrorIsNotRetried() {
        emulator.faults().next(1, "GET /v1/models", Fault.status(500));
        ServerException e = assertInstanceOf(ServerException.class, failure(sail.listModels()));
        assertFalse(e.retried());
        assertTrue(e.requestId().orElseThrow().startsWith("req_"));
        assertEquals(1, emulator.counters().requests("GET /v1/models"));
    }

    @Test
    void connectionResetMidUploadResendsTheFileAndRegistersItOnceWithItsSha256() throws Exception {
        Path file = StreamingUploadTest.randomFile(dir, "adapter_model.safetensors", 8 * 1024 * 1024);
        emulator.faults().next(1, "POST /v1/files", Fault.resetMidBody(3 * 1024 * 1024));

        StoredFile stored = sail.uploadFile(FileUpload.lora(file)).join();

        assertEquals(Files.size(file), stored.bytes());
        assertEquals(2, emulator.counters().requests("POST /v1/files"));
        List<InMemorySail.HeldFile> held = fake.files(API_KEY);
        assertEquals(1, held.size(), "the broken first attempt left nothing behind");
        assertEquals(stored.id(), held.get(0).id());
        assertEquals(StreamingUploadTest.sha256(file), held.get(0).sha256());
        assertEquals(Files.size(file), held.get(0).bytes());
    }

    @Test
    void anUploadRepeatedUnderItsKeyIsReplayedAndOtherBytesUnderItAreRefused() throws Exception {
        Path file = StreamingUploadTest.randomFile(dir, "adapter_model.safetensors", 64 * 1024);
        StoredFile stored = sail.uploadFile(FileUpload.lora(file).withIdempotencyKey("weights-upload-1")).join();
        assertEquals(stored.id(), sail.uploadFile(FileUpload.lora(file).withIdempotencyKey("weights-upload-1")).join().id());
        Path other = StreamingUploadTest.randomFile(dir, "other.bin", 1024);
        BadRequestException e = assertInstanceOf(BadRequestException.class, failure(sail.uploadFile(
                new FileUpload(other, "adapter_model.safetensors", "lora", (s, t) -> { }, Optional.of("weights-upload-1")))));
        assertEquals(Optional.of("idempotency_error"), e.type());
        assertEquals(1, emulator.counters().created("file"));
    }

    @Test
    void pollsRideOutServerErrorsAndLostAnswers() {
        emulator.faults().next(2, "GET /v1/responses/{id}", Fault.status(503));
        emulator.faults().next(1, "GET /v1/responses/{id}", Fault.resetAfterProcessing());
        assertEquals(8, sail.sampleTokens(sample(Optional.empty())).join().length());
        assertTrue(emulator.counters().requests("GET /v1/responses/{id}") >= 4);
    }
}
