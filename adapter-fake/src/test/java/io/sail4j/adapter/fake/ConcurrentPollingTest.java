package io.sail4j.adapter.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many clients creating background responses and polling them at once, as a token completer in an RL loop does. */
class ConcurrentPollingTest {
    private static final int RESPONSES = 300;
    private static final Executor POLL_INTERVAL = CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS);

    @Test
    void everyBackgroundResponseIsSeenCompletedByItsPoller() {
        try (SailEmulator emulator = SailEmulator.builder().fakeSettings(fake -> fake.responseDelay(Duration.ofMillis(20))).start()) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<CompletableFuture<JsonNode>> done = new ArrayList<>();
            for (int i = 0; i < RESPONSES; i++) {
                String body = "{\"model\":\"moonshotai/Kimi-K2.6\",\"input\":[{\"type\":\"input_tokens\",\"token_ids\":[" + i
                        + "]}],\"max_output_tokens\":8,\"background\":true,\"metadata\":{\"completion_window\":\"priority\"}}";
                HttpRequest create = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/responses"))
                        .header("Authorization", "Bearer sk_many").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                done.add(client.sendAsync(create, HttpResponse.BodyHandlers.ofString())
                        .thenCompose(created -> poll(client, emulator.baseUrl(), json(created.body()).get("id").asText())));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
            for (CompletableFuture<JsonNode> response : done) {
                assertEquals(8, response.join().get("output").get(0).get("token_ids").size());
            }
            assertEquals(RESPONSES, emulator.counters().created("response"));
            assertEquals(RESPONSES, emulator.counters().requests("POST /v1/responses"));
        }
    }

    private static CompletableFuture<JsonNode> poll(HttpClient client, URI base, String id) {
        HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/responses/" + id)).header("Authorization", "Bearer sk_many").build();
        return client.sendAsync(get, HttpResponse.BodyHandlers.ofString()).thenCompose(answer -> {
            JsonNode json = json(answer.body());
            if (json.get("status").asText().equals("completed")) {
                return CompletableFuture.completedFuture(json);
            }
            return CompletableFuture.supplyAsync(() -> id, POLL_INTERVAL).thenCompose(again -> poll(client, base, again));
        });
    }

    private static JsonNode json(String body) {
        try {
            return Wire.JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
