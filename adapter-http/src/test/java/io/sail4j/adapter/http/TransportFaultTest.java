package io.sail4j.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.ConflictException;
import io.sail4j.core.error.InvalidAnswerException;
import io.sail4j.core.error.RateLimitedException;
import io.sail4j.core.error.SailTimeoutException;
import io.sail4j.core.error.ServerException;
import io.sail4j.core.error.TransportException;
import io.sail4j.core.lora.FileId;
import io.sail4j.core.lora.Lora;
import io.sail4j.core.lora.LoraName;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.ports.out.CreateLora;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transport's behaviour under faults, against a scripted server on loopback. */
class TransportFaultTest {
    static final String KEY = "sk_test_transport_0123456789";
    static final String MODELS = "{\"object\":\"list\",\"data\":[{\"id\":\"moonshotai/Kimi-K2.6\",\"object\":\"model\"}]}";

    private LocalServer server;
    private HttpSailBackend sail;

    @BeforeEach
    void start() throws Exception {
        server = new LocalServer();
        sail = backend(server.baseUrl()).build();
    }

    @AfterEach
    void stop() {
        sail.close();
        server.close();
    }

    static HttpSailBackend.Builder backend(String baseUrl) {
        return HttpSailBackend.builder().apiKey(KEY).baseUrl(baseUrl).maxRetries(3)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(20)).maxRetryAfter(Duration.ofMillis(200));
    }

    static Throwable failure(CompletableFuture<?> future) {
        CompletionException e = assertThrows(CompletionException.class, future::join);
        return e.getCause();
    }

    static String loraJson(String name, String config, String weights) {
        return "{\"id\":\"3f2b8c1e-0000-4000-8000-000000000001\",\"object\":\"lora\",\"name\":\"" + name + "\","
                + "\"supported_models\":[\"moonshotai/Kimi-K2.6\"],\"config_file_id\":\"" + config + "\","
                + "\"weights_file_id\":\"" + weights + "\",\"created_at\":1767225600,\"validations\":[]}";
    }

    static CreateLora createCommand() {
        return CreateLora.of(LoraName.of("my-lora"), List.of(ModelCatalog.KIMI_K2_6), FileId.of("file-c"), FileId.of("file-w"));
    }

    @Test
    void lostAnswerIsRetriedWithTheSameKeyAndCreatesNothingTwice() {
        Map<String, String> created = new ConcurrentHashMap<>();
        AtomicInteger creations = new AtomicInteger();
        server.on("POST /v1/loras", (request, exchange) -> {
            String key = request.header("Idempotency-Key");
            String stored = created.get(key);
            if (stored != null) {
                LocalServer.json(exchange, 201, stored);
                return;
            }
            creations.incrementAndGet();
            created.put(key, loraJson("my-lora", "file-c", "file-w"));
            LocalServer.loseAnswer(exchange);
        });

        Lora lora = sail.createLora(createCommand()).join();

        assertEquals("my-lora", lora.name().value());
        assertEquals(1, creations.get());
        List<LocalServer.Request> posts = server.requestsTo("POST", "/v1/loras");
        assertEquals(2, posts.size());
        assertNotNull(posts.get(0).header("Idempotency-Key"));
        assertEquals(posts.get(0).header("Idempotency-Key"), posts.get(1).header("Idempotency-Key"));
    }

    @Test
    void theCallersIdempotencyKeyIsTheOneSent() {
        server.on("POST /v1/loras", (request, exchange) -> LocalServer.json(exchange, 201, loraJson("my-lora", "file-c", "file-w")));
        sail.createLora(createCommand().withIdempotencyKey("create-my-lora-1")).join();
        assertEquals("create-my-lora-1", server.requestsTo("POST", "/v1/loras").get(0).header("Idempotency-Key"));
        assertEquals("Bearer " + KEY, server.requestsTo("POST", "/v1/loras").get(0).header("Authorization"));
    }

    /** A server that ignores idempotency keys on LoRAs: the retry of a lost create meets 409. */
    private void createThenConflict(String existingConfig) {
        AtomicInteger attempts = new AtomicInteger();
        server.on("POST /v1/loras", (request, exchange) -> {
            if (attempts.incrementAndGet() == 1) {
                LocalServer.loseAnswer(exchange);
            } else {
                LocalServer.json(exchange, 409, "{\"error\":{\"message\":\"lora name already exists in this organization: my-lora\","
                        + "\"type\":\"conflict_error\",\"code\":\"lora_name_taken\",\"param\":\"name\"}}");
            }
        });
        server.on("GET /v1/loras/my-lora", (request, exchange) ->
                LocalServer.json(exchange, 200, loraJson("my-lora", existingConfig, "file-w")));
    }

    @Test
    void retryMeeting409AdoptsTheLoraAnEarlierAttemptCreated() {
        createThenConflict("file-c");
        Lora lora = sail.createLora(createCommand()).join();
        assertEquals("file-c", lora.configFileId().value());
        assertEquals(1, server.requestsTo("GET", "/v1/loras/my-lora").size());
    }

    @Test
    void retryMeeting409FailsClearlyWhenTheExistingLoraDiffers() {
        createThenConflict("file-other");
        ConflictException e = assertInstanceOf(ConflictException.class, failure(sail.createLora(createCommand())));
        assertTrue(e.getMessage().contains("already exists with other files or models"), e.getMessage());
        assertTrue(e.retried());
    }

    @Test
    void conflictOnTheFirstAttemptIsNotAdopted() {
        server.on("POST /v1/loras", (request, exchange) -> LocalServer.json(exchange, 409,
                "{\"error\":{\"message\":\"taken\",\"type\":\"conflict_error\"}}"));
        ConflictException e = assertInstanceOf(ConflictException.class, failure(sail.createLora(createCommand())));
        assertFalse(e.retried());
        assertEquals(0, server.requestsTo("GET", "/v1/loras/my-lora").size());
    }

    @Test
    void rateLimitWithRetryAfterWaitsTheCappedDelayThenSucceeds() {
        List<Long> arrivals = new ArrayList<>();
        server.on("GET /v1/models", (request, exchange) -> {
            synchronized (arrivals) {
                arrivals.add(System.nanoTime());
            }
            if (arrivals.size() == 1) {
                LocalServer.json(exchange, 429, "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\"}}",
                        Map.of("Retry-After", "30"));
            } else {
                LocalServer.json(exchange, 200, MODELS);
            }
        });

        List<BaseModel> models = sail.listModels().join();

        assertEquals(1, models.size());
        long waitedMs = (arrivals.get(1) - arrivals.get(0)) / 1_000_000;
        assertTrue(waitedMs >= 190, "waited the capped 200 ms, not less: " + waitedMs);
        assertTrue(waitedMs < 10_000, "did not obey Retry-After: 30 uncapped: " + waitedMs);
    }

    @Test
    void rateLimitWithoutRetryAfterSurfacesAtOnce() {
        server.on("GET /v1/models", (request, exchange) -> LocalServer.json(exchange, 429,
                "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\"}}"));
        RateLimitedException e = assertInstanceOf(RateLimitedException.class, failure(sail.listModels()));
        assertTrue(e.retryAfter().isEmpty());
        assertEquals(1, server.requests.size());
    }

    @Test
    void internalServerErrorIsNotRetried() {
        server.on("GET /v1/models", (request, exchange) -> LocalServer.json(exchange, 500,
                "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"code\":\"internal\"}}"));
        ServerException e = assertInstanceOf(ServerException.class, failure(sail.listModels()));
        assertEquals(500, e.status());
        assertFalse(e.retried());
        assertTrue(e.requestId().orElseThrow().startsWith("req_"));
        assertEquals(Map.of("code", "internal", "type", "server_error"),
                Map.of("code", e.code().orElseThrow(), "type", e.type().orElseThrow()));
        assertEquals(1, server.requests.size());
    }

    @Test
    void gatewayErrorsAreRetriedThenSurfaceMarkedRetried() {
        server.on("GET /v1/models", (request, exchange) -> LocalServer.json(exchange, 503, ""));
        ServerException e = assertInstanceOf(ServerException.class, failure(sail.listModels()));
        assertEquals(503, e.status());
        assertTrue(e.retried());
        assertEquals(4, server.requests.size(), "first attempt and three retries");
    }

    @Test
    void gatewayErrorThenSuccessSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        server.on("GET /v1/models", (request, exchange) -> {
            if (calls.incrementAndGet() <= 2) {
                LocalServer.json(exchange, calls.get() == 1 ? 502 : 504, "");
            } else {
                LocalServer.json(exchange, 200, MODELS);
            }
        });
        assertEquals(1, sail.listModels().join().size());
    }

    @Test
    void refusedConnectionIsATransportFailureAfterRetries() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (HttpSailBackend closedPort = backend("http://127.0.0.1:" + port + "/v1").maxRetries(1).build()) {
            TransportException e = assertInstanceOf(TransportException.class, failure(closedPort.listModels()));
            assertTrue(e.retried());
            assertTrue(e.getMessage().startsWith("GET /v1/models failed"), e.getMessage());
        }
    }

    @Test
    void silentServerTimesOutPerAttempt() {
        CountDownLatch release = new CountDownLatch(1);
        server.on("GET /v1/models", (request, exchange) -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        try (HttpSailBackend impatient = backend(server.baseUrl()).maxRetries(0).responseTimeout(Duration.ofMillis(300)).build()) {
            assertInstanceOf(SailTimeoutException.class, failure(impatient.listModels()));
        } finally {
            release.countDown();
        }
    }

    @Test
    void answersOverTheSizeCapAreRefusedUnread() {
        String big = "{\"object\":\"list\",\"data\":[],\"pad\":\"" + "x".repeat(4096) + "\"}";
        server.on("GET /v1/models", (request, exchange) -> LocalServer.json(exchange, 200, big));
        server.on("GET /v1/loras", (request, exchange) -> {
            // Unknown length (chunked): the cap applies while reading.
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (var out = exchange.getResponseBody()) {
                out.write(big.getBytes());
            }
        });
        try (HttpSailBackend capped = backend(server.baseUrl()).maxResponseBytes(1024).build()) {
            InvalidAnswerException e = assertInstanceOf(InvalidAnswerException.class, failure(capped.listModels()));
            assertTrue(e.getMessage().contains("over 1024 bytes"), e.getMessage());
            assertInstanceOf(InvalidAnswerException.class,
                    failure(capped.listLoras(io.sail4j.ports.out.PageRequest.first())));
        }
    }

    @Test
    void malformedSuccessIsAnInvalidAnswerNotRetried() {
        server.on("GET /v1/loras/my-lora", (request, exchange) -> LocalServer.json(exchange, 200, "{\"id\":"));
        assertInstanceOf(InvalidAnswerException.class,
                failure(sail.getLora(io.sail4j.core.lora.LoraRef.parse("my-lora"))));
        assertEquals(1, server.requests.size());
    }

    @Test
    void manyConcurrentCallsNeedNeitherAThreadEachNorAreCappedAtFivePerHost() {
        int calls = 200;
        CountDownLatch allArrived = new CountDownLatch(calls);
        server.on("GET /v1/models", (request, exchange) -> {
            allArrived.countDown();
            try {
                // Answer only once every call is in flight at the same time.
                allArrived.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LocalServer.json(exchange, 200, MODELS);
        });
        List<CompletableFuture<List<BaseModel>>> futures = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            futures.add(sail.listModels());
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        long clientThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("sail4j-http")).count();
        assertTrue(clientThreads <= 8, "client threads: " + clientThreads);
        assertEquals(calls, server.requests.size());
    }

    @Test
    void closingFailsCallsInFlightPromptlyAndRefusesNewOnes() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server.on("GET /v1/models", (request, exchange) -> {
            arrived.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        try {
            HttpSailBackend closing = backend(server.baseUrl()).build();
            CompletableFuture<List<BaseModel>> inFlight = closing.listModels();
            assertTrue(arrived.await(10, TimeUnit.SECONDS));
            long started = System.nanoTime();
            closing.close();
            closing.close();
            assertTrue(inFlight.handle((value, error) -> error).get(5, TimeUnit.SECONDS) != null, "the call in flight failed");
            assertTrue((System.nanoTime() - started) / 1_000_000 < 5_000);
            assertInstanceOf(TransportException.class, failure(closing.listModels()));
        } finally {
            release.countDown();
        }
    }

    @Test
    void redirectsAreNotFollowed() {
        server.on("GET /v1/models", (request, exchange) -> LocalServer.json(exchange, 307, "",
                Map.of("Location", "http://127.0.0.1:1/elsewhere")));
        io.sail4j.core.error.SailApiException e = assertInstanceOf(io.sail4j.core.error.SailApiException.class,
                failure(sail.listModels()));
        assertEquals(307, e.status());
        assertEquals(1, server.requests.size());
    }
}
