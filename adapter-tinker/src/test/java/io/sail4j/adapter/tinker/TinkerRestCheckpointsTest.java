package io.sail4j.adapter.tinker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.AuthenticationException;
import io.sail4j.core.error.BadRequestException;
import io.sail4j.core.error.InvalidAnswerException;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.NotFoundException;
import io.sail4j.core.error.RateLimitedException;
import io.sail4j.core.error.SailApiException;
import io.sail4j.core.error.SailTimeoutException;
import io.sail4j.core.error.ServerException;
import io.sail4j.core.error.TransportException;
import io.sail4j.core.tinker.SignedCheckpointUrl;
import io.sail4j.core.tinker.TinkerPath;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

// Resolving a Tinker checkpoint to a signed archive URL over real loopback HTTP against a fake Tinker:
// TTL first, both answer forms, default expiry, patient retries while the archive builds, jittered
// retries on transient failures, Tinker's errors as typed exceptions, the caller's deadline, bad paths
// refused before any request, and secrets kept out of messages, toString and logs.
class TinkerRestCheckpointsTest {
    static final TinkerPath STEP_7 = TinkerPath.parse("tinker://8e4c1f2a-7b3d-5e6f-9a0b-1c2d3e4f5a6b:train:0/sampler_weights/rl-step-7");
    static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

    FakeTinker tinker;
    MutableClock clock;
    TinkerRestCheckpoints checkpoints;

    @BeforeEach
    void start() throws IOException {
        tinker = new FakeTinker().checkpoint(STEP_7);
        clock = new MutableClock(NOW);
        checkpoints = client().build();
    }

    @AfterEach
    void stop() {
        checkpoints.close();
        tinker.close();
    }

    TinkerRestCheckpoints.Builder client() {
        return TinkerRestCheckpoints.builder()
                .apiKey(FakeTinker.API_KEY)
                .baseUrl(tinker.baseUrl())
                .clock(clock)
                .deadline(Duration.ofSeconds(20))
                .buildingBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
                .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20));
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    static Throwable failure(CompletableFuture<?> future) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(20, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void setsTheTtlBeforeResolvingAndSendsTheKeyOnBoth() throws Exception {
        SignedCheckpointUrl url = await(checkpoints.signedUrl(STEP_7, Optional.of(Duration.ofHours(1))));

        assertEquals(tinker.signedUrl(STEP_7), url.url());
        List<FakeTinker.Seen> seen = tinker.requests();
        assertEquals(List.of("PUT " + FakeTinker.apiPath(STEP_7, "ttl"), "GET " + FakeTinker.apiPath(STEP_7, "archive")),
                seen.stream().map(FakeTinker.Seen::toString).toList());
        assertEquals("{\"ttl_seconds\":3600}", seen.get(0).body());
        assertTrue(seen.stream().allMatch(s -> FakeTinker.API_KEY.equals(s.apiKey())));
        assertTrue(seen.get(1).accept().contains("application/gzip"), seen.get(1).accept());
    }

    @Test
    void withoutTtlOnlyTheArchiveIsAskedFor() throws Exception {
        await(checkpoints.signedUrl(STEP_7));
        assertEquals(List.of("GET " + FakeTinker.apiPath(STEP_7, "archive")),
                tinker.requests().stream().map(FakeTinker.Seen::toString).toList());
    }

    @Test
    void aFailedTtlStopsTheResolution() throws Exception {
        tinker.onTtl(STEP_7, FakeTinker.json(400, "{\"detail\":\"ttl_seconds must be positive\"}"));
        Throwable error = failure(checkpoints.signedUrl(STEP_7, Optional.of(Duration.ofSeconds(5))));
        assertInstanceOf(BadRequestException.class, error);
        assertTrue(error.getMessage().contains("ttl_seconds must be positive"), error.getMessage());
        assertEquals(0, tinker.archiveRequests());
    }

    @Test
    void theRedirectFormGivesLocationAndExpiresWithoutFollowingIt() throws Exception {
        Instant expires = Instant.parse("2030-01-02T03:19:05Z");
        tinker.onArchive(STEP_7, tinker.redirect(STEP_7, FakeTinker.rfc1123(expires)));

        SignedCheckpointUrl url = await(checkpoints.signedUrl(STEP_7));

        assertEquals(tinker.signedUrl(STEP_7), url.url());
        assertEquals(expires, url.expiresAt());
        // Not followed: the signed download was never requested.
        assertEquals(1, tinker.requests().size());
    }

    static Stream<Arguments> jsonExpiries() {
        return Stream.of(
                Arguments.of("1900000000", Instant.ofEpochSecond(1_900_000_000L)),
                Arguments.of("1900000000.5", Instant.ofEpochSecond(1_900_000_000L, 500_000_000)),
                Arguments.of("\"1900000000\"", Instant.ofEpochSecond(1_900_000_000L)),
                Arguments.of("\"2030-01-02T03:19:05Z\"", Instant.parse("2030-01-02T03:19:05Z")),
                Arguments.of("\"2030-01-02T05:19:05+02:00\"", Instant.parse("2030-01-02T03:19:05Z")),
                Arguments.of("\"2030-01-02T03:19:05.123456\"", Instant.parse("2030-01-02T03:19:05.123456Z")));
    }

    @ParameterizedTest
    @MethodSource("jsonExpiries")
    void theJsonFormAcceptsUnixSecondsAndIso8601(String expires, Instant expected) throws Exception {
        String url = tinker.signedUrl(STEP_7).toString();
        tinker.onArchive(STEP_7, FakeTinker.json(200, "{\"url\":\"" + url + "\",\"expires\":" + expires + "}"));

        SignedCheckpointUrl resolved = await(checkpoints.signedUrl(STEP_7));

        assertEquals(URI.create(url), resolved.url());
        assertEquals(expected, resolved.expiresAt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"redirect-without-expires", "redirect-garbage-expires", "redirect-zero-expires",
            "json-without-expires", "json-null-expires", "json-garbage-expires"})
    void aMissingOrUnreadableExpiryMeansFifteenMinutesFromNow(String form) throws Exception {
        String url = tinker.signedUrl(STEP_7).toString();
        FakeTinker.Answer answer = switch (form) {
            case "redirect-without-expires" -> tinker.redirect(STEP_7, null);
            case "redirect-garbage-expires" -> tinker.redirect(STEP_7, "next tuesday");
            case "redirect-zero-expires" -> tinker.redirect(STEP_7, "0");
            case "json-without-expires" -> FakeTinker.json(200, "{\"url\":\"" + url + "\"}");
            case "json-null-expires" -> FakeTinker.json(200, "{\"url\":\"" + url + "\",\"expires\":null}");
            default -> FakeTinker.json(200, "{\"url\":\"" + url + "\",\"expires\":\"soon\"}");
        };
        tinker.onArchive(STEP_7, answer);

        SignedCheckpointUrl resolved = await(checkpoints.signedUrl(STEP_7));

        assertEquals(NOW.plus(Duration.ofMinutes(15)), resolved.expiresAt());
        assertEquals(URI.create(url), resolved.url());
    }

    @Test
    void stillBuildingTwiceThenReady() throws Exception {
        tinker.onArchive(STEP_7, FakeTinker.stillBuilding(), FakeTinker.stillBuilding());

        SignedCheckpointUrl url = await(checkpoints.signedUrl(STEP_7, Optional.of(Duration.ofMinutes(30))));

        assertEquals(tinker.signedUrl(STEP_7), url.url());
        assertEquals(3, tinker.archiveRequests());
        assertEquals(1, tinker.requests().stream().filter(s -> s.method().equals("PUT")).count(), "TTL set once");
    }

    @Test
    void buildingProgressIsInTheDebugLogWithoutSecrets() throws Exception {
        tinker.onArchive(STEP_7, FakeTinker.stillBuilding());
        await(checkpoints.signedUrl(STEP_7));

        String log = Files.readString(Path.of("target/adapter-tinker-test.log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("still building the archive of " + STEP_7), log);
        assertFalse(log.contains(FakeTinker.API_KEY), "API key in the log");
        assertFalse(log.contains(FakeTinker.SIGNATURE), "signed URL query string in the log");
    }

    static Stream<Arguments> transientFailures() {
        return Stream.of(
                Arguments.of(500, ServerException.class), Arguments.of(502, ServerException.class),
                Arguments.of(504, ServerException.class), Arguments.of(429, RateLimitedException.class),
                Arguments.of(408, BadRequestException.class));
    }

    @ParameterizedTest
    @MethodSource("transientFailures")
    void transientFailuresAreRetriedThenSucceed(int status) throws Exception {
        tinker.onArchive(STEP_7, FakeTinker.json(status, "{\"detail\":\"blip\"}"), FakeTinker.status(status));
        SignedCheckpointUrl url = await(checkpoints.signedUrl(STEP_7));
        assertEquals(tinker.signedUrl(STEP_7), url.url());
        assertEquals(3, tinker.archiveRequests());
    }

    @ParameterizedTest
    @MethodSource("transientFailures")
    void transientFailuresSurfaceTypedAndMarkedRetriedOnceRetriesRunOut(int status, Class<? extends SailApiException> type)
            throws Exception {
        try (TinkerRestCheckpoints twoRetries = client().maxRetries(2).build()) {
            for (int i = 0; i < 3; i++) {
                tinker.onArchive(STEP_7, FakeTinker.json(status, "{\"detail\":\"upstream trouble\"}"));
            }
            Throwable error = failure(twoRetries.signedUrl(STEP_7));
            SailApiException api = assertInstanceOf(type, error);
            assertEquals(status, api.status());
            assertTrue(api.retried());
            assertTrue(api.getMessage().contains("upstream trouble"), api.getMessage());
            assertEquals(3, tinker.archiveRequests());
        }
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(400, BadRequestException.class, "{\"detail\":\"Invalid checkpoint id\"}", "Invalid checkpoint id"),
                Arguments.of(401, AuthenticationException.class, "{\"detail\":\"Invalid API key\"}", "Invalid API key"),
                Arguments.of(403, AuthenticationException.class, "{\"error\":{\"message\":\"Not your run\"}}", "Not your run"),
                Arguments.of(404, NotFoundException.class, "{\"detail\":\"Checkpoint not found\"}", "Checkpoint not found"),
                Arguments.of(404, NotFoundException.class, "plain text: gone", "plain text: gone"),
                Arguments.of(422, BadRequestException.class,
                        "{\"detail\":[{\"loc\":[\"path\"],\"msg\":\"bad run id\"}]}", "bad run id"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refusalsSurfaceAtOnceWithTinkersMessage(int status, Class<? extends SailApiException> type, String body, String message)
            throws Exception {
        tinker.onArchive(STEP_7, FakeTinker.json(status, body));

        Throwable error = failure(checkpoints.signedUrl(STEP_7));

        SailApiException api = assertInstanceOf(type, error);
        assertEquals(status, api.status());
        assertFalse(api.retried());
        assertTrue(api.getMessage().contains(message), api.getMessage());
        assertTrue(api.getMessage().contains(STEP_7.toString()), "names the checkpoint: " + api.getMessage());
        assertEquals(Optional.of("req-fake-1"), api.requestId());
        assertEquals(1, tinker.archiveRequests(), "not retried");
    }

    @Test
    void anUnknownCheckpointIsNotFound() throws Exception {
        TinkerPath unknown = TinkerPath.parse("tinker://run-1:train:0/sampler_weights/never-saved");
        Throwable error = failure(checkpoints.signedUrl(unknown, Optional.of(Duration.ofHours(1))));
        assertInstanceOf(NotFoundException.class, error);
        assertTrue(error.getMessage().contains("Checkpoint not found"), error.getMessage());
    }

    @Test
    void aWrongKeyIsAnAuthenticationFailureThatNeverShowsTheKey() throws Exception {
        try (TinkerRestCheckpoints wrongKey = client().apiKey("tml-wrong-secret-key").build()) {
            Throwable error = failure(wrongKey.signedUrl(STEP_7));
            assertInstanceOf(AuthenticationException.class, error);
            assertFalse(error.getMessage().contains("tml-wrong-secret-key"), error.getMessage());
        }
    }

    @Test
    void aKeyEchoedByTinkerIsRedactedFromTheMessage() throws Exception {
        tinker.onArchive(STEP_7, FakeTinker.json(403, "{\"detail\":\"key " + FakeTinker.API_KEY + " lacks access\"}"));
        Throwable error = failure(checkpoints.signedUrl(STEP_7));
        assertFalse(error.getMessage().contains(FakeTinker.API_KEY), error.getMessage());
        assertTrue(error.getMessage().contains("key <redacted> lacks access"), error.getMessage());
    }

    @Test
    void aSlowArchiveWithinTheDeadlineSucceeds() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        tinker.onArchive(STEP_7, tinker.held(arrived, release, tinker.redirect(STEP_7, FakeTinker.rfc1123(FakeTinker.EXPIRES))));

        CompletableFuture<SignedCheckpointUrl> pending = checkpoints.signedUrl(STEP_7, Optional.empty(), Duration.ofSeconds(30));
        assertTrue(arrived.await(10, TimeUnit.SECONDS));
        assertFalse(pending.isDone(), "waits while Tinker builds");
        release.countDown();

        assertEquals(FakeTinker.EXPIRES, await(pending).expiresAt());
        assertEquals(1, tinker.archiveRequests());
    }

    @Test
    void aSlowArchivePastTheDeadlineFailsWithATypedTimeout() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        tinker.onArchive(STEP_7, tinker.held(arrived, never, FakeTinker.status(500)));

        CompletableFuture<SignedCheckpointUrl> pending = checkpoints.signedUrl(STEP_7, Optional.empty(), Duration.ofMillis(300));
        assertTrue(arrived.await(10, TimeUnit.SECONDS));

        Throwable error = failure(pending);
        SailTimeoutException timeout = assertInstanceOf(SailTimeoutException.class, error);
        assertTrue(timeout.getMessage().contains(STEP_7.toString()), timeout.getMessage());
        assertTrue(timeout.getMessage().contains("PT0.3S"), timeout.getMessage());
    }

    @Test
    void anArchiveStillBuildingAtTheDeadlineFailsWithATypedTimeout() throws Exception {
        for (int i = 0; i < 1000; i++) {
            tinker.onArchive(STEP_7, FakeTinker.stillBuilding());
        }
        // Long enough for a 503 to come back even on a busy machine, so the timeout can report it.
        Throwable error = failure(checkpoints.signedUrl(STEP_7, Optional.empty(), Duration.ofMillis(1500)));
        SailTimeoutException timeout = assertInstanceOf(SailTimeoutException.class, error);
        assertTrue(timeout.getMessage().contains("still being built"), timeout.getMessage());
        assertInstanceOf(ServerException.class, timeout.getCause());
        assertTrue(timeout.getCause().getMessage().contains("Archive is being built"), timeout.getCause().getMessage());
    }

    @Test
    void cancellingTheFutureStopsWaiting() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        tinker.onArchive(STEP_7, tinker.held(arrived, new CountDownLatch(1), FakeTinker.status(500)));
        CompletableFuture<SignedCheckpointUrl> pending = checkpoints.signedUrl(STEP_7);
        assertTrue(arrived.await(10, TimeUnit.SECONDS));
        assertTrue(pending.cancel(true));
        assertTrue(pending.isCancelled());
        assertEquals(1, tinker.archiveRequests());
    }

    @Test
    void connectionFailuresAreRetriedThenSurfaceAsTransport() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (TinkerRestCheckpoints unreachable = client().baseUrl("http://127.0.0.1:" + closedPort).maxRetries(2).build()) {
            Throwable error = failure(unreachable.signedUrl(STEP_7));
            TransportException transport = assertInstanceOf(TransportException.class, error);
            assertTrue(transport.retried());
            assertTrue(transport.getMessage().contains(STEP_7.toString()), transport.getMessage());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tinker://run-1/bogus_weights/step-7|tinker_path.kind",
            "tinker://run-1/sampler_weights|tinker_path",
            "tinker://run-1/sampler_weights/a/b|tinker_path",
            "s3://run-1/sampler_weights/step-7|tinker_path",
            "tinker:///sampler_weights/step-7|tinker_path.run_id",
            "tinker://run-1/sampler_weights/|tinker_path.name"})
    void aBadPathIsRefusedBeforeAnyRequestNamingTheBadPart(String path, String field) throws Exception {
        Throwable error = failure(checkpoints.signedUrl(path, Optional.of(Duration.ofHours(1))));
        InvalidRequestException invalid = assertInstanceOf(InvalidRequestException.class, error);
        assertTrue(invalid.names(field), invalid.getMessage());
        assertEquals(List.of(), tinker.requests());
    }

    @Test
    void aBadTtlOrDeadlineIsRefusedBeforeAnyRequest() throws Exception {
        Throwable ttl = failure(checkpoints.signedUrl(STEP_7, Optional.of(Duration.ZERO)));
        assertTrue(assertInstanceOf(InvalidRequestException.class, ttl).names("ttl_seconds"));
        Throwable deadline = failure(checkpoints.signedUrl(STEP_7, Optional.empty(), Duration.ofSeconds(-1)));
        assertTrue(assertInstanceOf(InvalidRequestException.class, deadline).names("deadline"));
        assertEquals(List.of(), tinker.requests());
    }

    @Test
    void anAnswerThatIsNotAUrlIsAnInvalidAnswerThatHidesTheQuery() throws Exception {
        tinker.onArchive(STEP_7,
                exchange -> {
                    exchange.getResponseHeaders().set("Location", "ftp://files.example/x?X-Signature=" + FakeTinker.SIGNATURE);
                    exchange.sendResponseHeaders(302, -1);
                },
                FakeTinker.json(200, "{\"expires\":1900000000}"),
                FakeTinker.status(302));
        for (int i = 0; i < 3; i++) {
            Throwable error = failure(checkpoints.signedUrl(STEP_7));
            assertInstanceOf(InvalidAnswerException.class, error);
            assertFalse(error.getMessage().contains(FakeTinker.SIGNATURE), error.getMessage());
        }
    }

    @Test
    void aHugeAnswerFailsInsteadOfFillingTheHeap() throws Exception {
        tinker.onArchive(STEP_7, exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (var out = exchange.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 32; i++) {
                    out.write(chunk);
                }
            } catch (IOException clientHungUp) {
                // expected: the client stops reading past its limit
            }
        });
        Throwable error = failure(checkpoints.signedUrl(STEP_7));
        assertInstanceOf(InvalidAnswerException.class, error);
        assertTrue(error.getMessage().contains("larger than"), error.getMessage());
        assertEquals(1, tinker.archiveRequests(), "not retried");
    }

    @Test
    void toStringAndUrlsNeverShowTheKeyOrTheSignature() throws Exception {
        SignedCheckpointUrl url = await(checkpoints.signedUrl(STEP_7));
        assertFalse(checkpoints.toString().contains(FakeTinker.API_KEY), checkpoints.toString());
        assertFalse(url.toString().contains(FakeTinker.SIGNATURE), url.toString());
        assertTrue(url.url().toString().contains(FakeTinker.SIGNATURE), "the full URL is still there to send");
    }

    @Test
    void fromEnvReadsTheKeyAndTheBaseUrl() throws Exception {
        try (TinkerRestCheckpoints fromEnv = TinkerRestCheckpoints.builder()
                .fromEnv(Map.of("TINKER_API_KEY", FakeTinker.API_KEY, "TINKER_BASE_URL", tinker.baseUrl().toString()))
                .buildingBackoff(Duration.ofMillis(5), Duration.ofMillis(5))
                .build()) {
            assertEquals(tinker.signedUrl(STEP_7), await(fromEnv.signedUrl(STEP_7)).url());
            assertTrue(fromEnv.toString().contains(tinker.baseUrl().toString()));
        }
    }

    @Test
    void theDefaultBaseUrlIsTinkerProduction() {
        try (TinkerRestCheckpoints defaults = TinkerRestCheckpoints.builder().fromEnv(Map.of("TINKER_API_KEY", "tml-x")).build()) {
            assertTrue(defaults.toString().contains("https://tinker.thinkingmachines.dev/services/tinker-prod"), defaults.toString());
        }
    }

    @Test
    void aMissingKeyOrPlainHttpBaseUrlIsRefusedListingEveryProblem() {
        InvalidRequestException noKey = assertThrows(InvalidRequestException.class,
                () -> TinkerRestCheckpoints.builder().fromEnv(Map.of()).build());
        assertTrue(noKey.names("TINKER_API_KEY"), noKey.getMessage());

        InvalidRequestException several = assertThrows(InvalidRequestException.class, () -> TinkerRestCheckpoints.builder()
                .apiKey("tml-secret key with spaces")
                .baseUrl("http://tinker.example.com")
                .deadline(Duration.ZERO)
                .build());
        assertTrue(several.names("TINKER_API_KEY") && several.names("TINKER_BASE_URL") && several.names("deadline"),
                several.getMessage());
        assertFalse(several.getMessage().contains("tml-secret"), several.getMessage());
    }

    @Test
    void closingFailsCallsInFlightPromptly() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        tinker.onArchive(STEP_7, tinker.held(arrived, new CountDownLatch(1), FakeTinker.status(500)));
        CompletableFuture<SignedCheckpointUrl> pending = checkpoints.signedUrl(STEP_7);
        assertTrue(arrived.await(10, TimeUnit.SECONDS));
        long start = System.nanoTime();
        checkpoints.close();
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(3)) < 0, "close does not wait for Tinker");
        assertInstanceOf(TransportException.class, failure(pending));
    }

    @Test
    void aClosedClientRefusesNewCalls() throws Exception {
        checkpoints.close();
        checkpoints.close();
        assertInstanceOf(IllegalStateException.class, failure(checkpoints.signedUrl(STEP_7)));
    }

    @Test
    void pathSegmentsAreEncodedButRunIdColonsStay() {
        assertEquals("8e4c:train:0", TinkerRestCheckpoints.segment("8e4c:train:0"));
        assertEquals("step%207%2Bx%3F", TinkerRestCheckpoints.segment("step 7+x?"));
        assertEquals("%C3%A9", TinkerRestCheckpoints.segment("é"));
    }
}
