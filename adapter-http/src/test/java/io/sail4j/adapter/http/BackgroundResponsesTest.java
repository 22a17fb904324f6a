package io.sail4j.adapter.http;

import static io.sail4j.adapter.http.TransportFaultTest.backend;
import static io.sail4j.adapter.http.TransportFaultTest.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sail4j.core.error.NotFoundException;
import io.sail4j.core.error.ResponseFailedException;
import io.sail4j.core.error.SailTimeoutException;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.SamplingParams;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.core.sampling.StopReason;
import io.sail4j.ports.out.TextRequest;
import io.sail4j.ports.out.TextResult;
import io.sail4j.ports.out.TokenSampleRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Background responses: create (202), poll on the scheduler, finish, fail, time out, cancel. */
class BackgroundResponsesTest {
    private static final String TOKENS = "[{\"type\":\"output_tokens\",\"token_ids\":[11,12,13],\"logprobs\":[-0.1,-0.2,-0.3],"
            + "\"stop_reason\":\"stop\"}]";

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

    static String response(String status, String output, String extra) {
        return "{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1767225600,\"status\":\"" + status + "\","
                + "\"model\":\"moonshotai/Kimi-K2.6\",\"output\":" + output + extra + "}";
    }

    static TokenSampleRequest sample(Duration timeout, boolean logprobs) {
        return new TokenSampleRequest(ModelCatalog.KIMI_K2_6, ModelInput.of(1, 2, 3), SamplingParams.of(3).withLogprobs(logprobs),
                StopCondition.none(), CompletionWindow.PRIORITY, Optional.empty(), Map.of(), Optional.ofNullable(timeout),
                Optional.empty());
    }

    /** Creation answers 202 pending; polls walk through {@code statuses}, then repeat the last one. */
    private void script(String... answers) {
        server.on("POST /v1/responses", (request, exchange) -> LocalServer.json(exchange, 202, response("pending", "[]", "")));
        AtomicInteger polls = new AtomicInteger();
        server.on("GET /v1/responses/resp_1", (request, exchange) -> {
            String answer = answers[Math.min(polls.getAndIncrement(), answers.length - 1)];
            if (answer.equals("503")) {
                LocalServer.json(exchange, 503, "");
            } else if (answer.equals("drop")) {
                LocalServer.loseAnswer(exchange);
            } else {
                LocalServer.json(exchange, 200, answer);
            }
        });
    }

    @Test
    void pollsThroughEitherStatusVocabularyUntilCompleted() throws Exception {
        script(response("queued", "[]", ""), response("in_progress", "[]", ""), response("running", "[]", ""),
                response("completed", TOKENS, ""));

        SampledTokens tokens = sail.sampleTokens(sample(Duration.ofSeconds(20), true)).join();

        assertArrayEquals(new int[] {11, 12, 13}, tokens.tokens());
        assertArrayEquals(new double[] {-0.1, -0.2, -0.3}, tokens.logprobs().orElseThrow());
        assertEquals(StopReason.STOP, tokens.stopReason());
        assertEquals(4, server.requestsTo("GET", "/v1/responses/resp_1").size());
        JsonNode sent = SailWire.MAPPER.readTree(server.requestsTo("POST", "/v1/responses").get(0).body());
        assertTrue(sent.path("background").asBoolean());
        assertEquals("priority", sent.path("metadata").path("completion_window").asText());
    }

    @Test
    void logprobsAreAbsentWhenNotRequested() {
        script(response("completed", TOKENS, ""));
        assertTrue(sail.sampleTokens(sample(Duration.ofSeconds(20), false)).join().logprobs().isEmpty());
    }

    @Test
    void transientPollFailuresAreRetriedUntilTheResponseFinishes() {
        script("503", "drop", response("running", "[]", ""), "503", response("completed", TOKENS, ""));
        assertEquals(3, sail.sampleTokens(sample(Duration.ofSeconds(20), true)).join().length());
    }

    @Test
    void failedResponseCarriesSailsErrorCode() {
        script(response("running", "[]", ""), response("failed", "[]",
                ",\"error\":{\"code\":\"tinker_checkpoint_unavailable\",\"message\":\"could not download the checkpoint\"}"));
        ResponseFailedException e = assertInstanceOf(ResponseFailedException.class,
                failure(sail.sampleTokens(sample(Duration.ofSeconds(20), true))));
        assertEquals(Optional.of(ResponseFailedException.TINKER_CHECKPOINT_UNAVAILABLE), e.code());
        assertEquals("resp_1", e.responseId());
        assertEquals("failed", e.status());
    }

    @Test
    void aResponseThatNeverFinishesTimesOutAtTheCallersDeadline() {
        script(response("running", "[]", ""));
        long started = System.nanoTime();
        SailTimeoutException e = assertInstanceOf(SailTimeoutException.class,
                failure(sail.sampleTokens(sample(Duration.ofMillis(400), true))));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMs >= 390 && tookMs < 5_000, "took " + tookMs);
        assertTrue(e.getMessage().contains("resp_1") && e.getMessage().contains("running"), e.getMessage());
    }

    @Test
    void aPollThatMeetsAPermanentErrorFails() {
        script("{\"error\":{\"message\":\"response not found: resp_1\",\"type\":\"not_found_error\"}}");
        server.on("GET /v1/responses/resp_1", (request, exchange) -> LocalServer.json(exchange, 404,
                "{\"error\":{\"message\":\"response not found: resp_1\",\"type\":\"not_found_error\"}}"));
        assertInstanceOf(NotFoundException.class, failure(sail.sampleTokens(sample(Duration.ofSeconds(20), true))));
    }

    @Test
    void cancellingTheFutureStopsThePolling() throws Exception {
        CountDownLatch polledTwice = new CountDownLatch(2);
        CountDownLatch pollAfterCancel = new CountDownLatch(1);
        AtomicInteger pollsAfterCancel = new AtomicInteger();
        boolean[] cancelled = {false};
        server.on("POST /v1/responses", (request, exchange) -> LocalServer.json(exchange, 202, response("pending", "[]", "")));
        server.on("GET /v1/responses/resp_1", (request, exchange) -> {
            synchronized (cancelled) {
                if (cancelled[0]) {
                    pollsAfterCancel.incrementAndGet();
                    pollAfterCancel.countDown();
                }
            }
            polledTwice.countDown();
            LocalServer.json(exchange, 200, response("running", "[]", ""));
        });
        CompletableFuture<SampledTokens> future = sail.sampleTokens(sample(Duration.ofSeconds(30), true));
        assertTrue(polledTwice.await(10, TimeUnit.SECONDS));
        synchronized (cancelled) {
            cancelled[0] = true;
            assertTrue(future.cancel(true));
        }
        // Priority polls start at ~100 ms and grow by half: a poll still scheduled would come within 1.5 s.
        assertFalse(pollAfterCancel.await(1500, TimeUnit.MILLISECONDS), "polled " + pollsAfterCancel.get() + " times after cancel");
    }

    @Test
    void incompleteResponseWithoutTokensIsAFailedResponse() {
        script(response("incomplete", "[]", ",\"incomplete_details\":{\"reason\":\"max_output_tokens\"}"));
        ResponseFailedException e = assertInstanceOf(ResponseFailedException.class,
                failure(sail.sampleTokens(sample(Duration.ofSeconds(20), true))));
        assertEquals(Optional.of("max_output_tokens"), e.code());
    }

    @Test
    void backgroundTextOnResponsesIsPolledToo() {
        String message = "[{\"type\":\"message\",\"id\":\"m\",\"status\":\"completed\",\"role\":\"assistant\","
                + "\"content\":[{\"type\":\"output_text\",\"text\":\"done\",\"annotations\":[]}]}]";
        script(response("running", "[]", ""), response("completed", message, ",\"usage\":{\"input_tokens\":2,\"output_tokens\":1}"));
        TextRequest request = new TextRequest(TextRequest.Api.RESPONSES, ModelCatalog.KIMI_K2_6, Optional.empty(),
                List.of(TextRequest.Message.user("hi")), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(CompletionWindow.PRIORITY), Optional.empty(), Map.of(), true, Map.of(), Optional.empty());
        TextResult result = sail.generateText(request).join();
        assertEquals("done", result.text());
        assertEquals(3, result.usage().totalTokens());
    }
}
