package io.sail4j.adapter.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.ports.local.SyntheticAdapter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The faults a client's retry logic must survive, injected per route, by script or by seeded chance. */
class FaultInjectionTest {
    @TempDir
    Path dir;
    private SailEmulator emulator;
    private Wire wire;

    @BeforeEach
    void start() {
        emulator = SailEmulator.builder().fakeSettings(fake -> fake.manual()).start();
        wire = new Wire(emulator.baseUrl(), "sk_faults");
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private String loraBody(String name) {
        SyntheticAdapter.Written written = SyntheticAdapter.kimi().writeTo(dir.resolve(name));
        String config = wire.upload(written.configFile()).json().get("id").asText();
        String weights = wire.upload(written.weightsFile()).json().get("id").asText();
        return "{\"name\":\"" + name + "\",\"supported_models\":[\"moonshotai/Kimi-K2.6\"],\"config_file_id\":\"" + config
                + "\",\"weights_file_id\":\"" + weights + "\"}";
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void scriptedServerErrorsHitTheNextRequestsThenStop(int status) {
        emulator.faults().next(2, "GET /v1/models", Fault.status(status));
        Wire.Answer first = wire.get("/models");
        assertEquals(status, first.status());
        assertEquals("server_error", first.json().get("error").get("type").asText());
        assertTrue(first.header("x-request-id").startsWith("req_"));
        assertEquals(status, wire.get("/models").status());
        assertEquals(200, wire.get("/models").status());
        assertEquals(3, emulator.counters().requests("GET /v1/models"));
        assertEquals(Map.of(String.valueOf(status), 2L), emulator.counters().faults());
    }

    @Test
    void rateLimitingSaysWhenToComeBack() {
        emulator.faults().next(1, "*", Fault.rateLimited(Duration.ofSeconds(2)));
        Wire.Answer limited = wire.get("/models");
        assertEquals(429, limited.status());
        assertEquals("2", limited.header("Retry-After"));
        assertEquals("rate_limit_error", limited.json().get("error").get("type").asText());
    }

    @Test
    void aResetBeforeProcessingLosesTheRequestAndCreatesNothing() {
        String body = loraBody("reset-before");
        emulator.faults().next(1, "POST /v1/loras", Fault.resetBeforeProcessing());
        assertThrows(UncheckedIOException.class, () -> wire.post("/loras", body, "Idempotency-Key", "k-before"));
        assertEquals(0, emulator.counters().created("lora"));
        Wire.Answer retry = wire.post("/loras", body, "Idempotency-Key", "k-before");
        assertEquals(201, retry.status());
        assertEquals(null, retry.header("Idempotent-Replayed"));
    }

    @Test
    void aResetAfterProcessingLosesOnlyTheAnswerSoARetryWithTheKeyReplaysIt() {
        String body = loraBody("reset-after");
        emulator.faults().next(1, "POST /v1/loras", Fault.resetAfterProcessing());
        assertThrows(UncheckedIOException.class, () -> wire.post("/loras", body, "Idempotency-Key", "k-after"));
        assertEquals(1, emulator.counters().created("lora"), "the request was processed");
        Wire.Answer retry = wire.post("/loras", body, "Idempotency-Key", "k-after");
        assertEquals(201, retry.status());
        assertEquals("true", retry.header("Idempotent-Replayed"));
        assertEquals(1, emulator.counters().created("lora"));
        assertEquals(1, emulator.counters().idempotentReplays());
    }

    @Test
    void aResetMidBodyBreaksAnUploadPartWayAndKeepsNothingOfIt() throws Exception {
        byte[] content = new byte[2 * 1024 * 1024];
        new java.util.Random(11).nextBytes(content);
        Path file = java.nio.file.Files.write(dir.resolve("weights.bin"), content);
        emulator.faults().next(1, "POST /v1/files", Fault.resetMidBody(300_000));

        assertThrows(UncheckedIOException.class, () -> wire.upload(file, "Idempotency-Key", "k-mid"));

        assertEquals(Map.of("reset-mid-body:300000", 1L), emulator.counters().faults());
        assertEquals(0, emulator.counters().created("file"));
        assertEquals(List.of(), emulator.sail().files("sk_faults"), "no partial file is visible");
        Wire.Answer retry = wire.upload(file, "Idempotency-Key", "k-mid");
        assertEquals(200, retry.status());
        assertEquals(null, retry.header("Idempotent-Replayed"), "the broken attempt reserved nothing");
        InMemorySail.HeldFile held = emulator.sail().files("sk_faults").get(0);
        assertEquals(retry.json().get("id").asText(), held.id().value());
        assertEquals(content.length, held.bytes());
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content)),
                held.sha256());
    }

    @Test
    void aBodyShorterThanTheResetPointIsProcessedAndOnlyItsAnswerLost() {
        String body = loraBody("short-body");
        emulator.faults().next(1, "POST /v1/loras", Fault.resetMidBody(1 << 20));
        assertThrows(UncheckedIOException.class, () -> wire.post("/loras", body, "Idempotency-Key", "k-short"));
        assertEquals(1, emulator.counters().created("lora"));
    }

    @Test
    void aResetMidBodyReadsLikeTheCommandLineFlag() {
        assertEquals(Fault.resetMidBody(65_536), Fault.parse("reset-mid-body:65536"));
        assertEquals("reset-mid-body:65536", Fault.resetMidBody(65_536).toString());
        emulator.faults().add("POST /v1/files=reset-mid-body:1024x2");
        assertEquals(1, emulator.faults().size());
        assertThrows(IllegalArgumentException.class, () -> Fault.resetMidBody(-1));
    }

    @Test
    void aSlowAnswerArrivesAfterItsDelay() {
        emulator.faults().next(1, "GET /v1/models", Fault.slow(Duration.ofMillis(300)));
        long start = System.nanoTime();
        assertEquals(200, wire.get("/models").status());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
    }

    @Test
    void probabilisticFaultsRepeatWithTheSameSeed() {
        List<Integer> first = statuses(42);
        List<Integer> second = statuses(42);
        assertEquals(first, second);
        long faulted = first.stream().filter(s -> s == 503).count();
        assertTrue(faulted > 3 && faulted < 21, "about half of 24 requests fail: " + faulted);
    }

    private List<Integer> statuses(long seed) {
        try (SailEmulator other = SailEmulator.start()) {
            other.faults().seed(seed).withProbability(0.5, "GET /v1/models", Fault.status(503));
            Wire client = new Wire(other.baseUrl(), "sk_seeded");
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                statuses.add(client.get("/models").status());
            }
            return statuses;
        }
    }

    @Test
    void aPredicateChoosesRequestsByAnythingTheyCarry() {
        emulator.faults().next(1, request -> request.path().endsWith("/ghost"), Fault.status(502));
        assertEquals(404, wire.get("/loras/someone").status());
        assertEquals(502, wire.get("/loras/ghost").status());
    }

    @Test
    void aSpecReadsLikeTheCommandLineFlag() {
        emulator.faults().add("POST /v1/files=503x2; GET /v1/models=429:3x1; GET *=slow:1ms@0.0; seed=7");
        assertEquals(3, emulator.faults().size());
        Wire.Answer limited = wire.get("/models");
        assertEquals(429, limited.status());
        assertEquals("3", limited.header("Retry-After"));
        assertEquals(200, wire.get("/models").status());
        emulator.faults().clear();
        assertEquals(0, emulator.faults().size());
    }

    @Test
    void aBadSpecIsRefusedWithTheSyntax() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FaultPlan().add("GET /v1/models=418x"));
        assertTrue(e.getMessage().contains("418x"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FaultPlan().add("models=503"));
        assertThrows(IllegalArgumentException.class, () -> Fault.parse("explode"));
    }

    @Test
    void theEmulatorAlsoStartsFromTheSpecGivenToItsBuilder() {
        try (SailEmulator faulty = SailEmulator.builder().faults("GET /v1/models=504x1").start()) {
            Wire client = new Wire(faulty.baseUrl(), "sk_x");
            assertEquals(504, client.get("/models").status());
            assertEquals(200, client.get("/models").status());
        }
    }
}
