package io.sail4j.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.JsonValue;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The same {@code n} raw-token completions through the official OpenAI Java SDK's async client, as a
 * user following Sail's quickstart writes them: create each Response with {@code background: true}
 * (Sail's raw-token fields as additional body properties), then retrieve it every
 * {@code poll-interval} until it reaches a final status.
 * <pre>OpenAiResponsesProbe &lt;base-url&gt; &lt;api-key&gt; &lt;n&gt; &lt;poll-interval-ms&gt;</pre>
 */
public final class OpenAiResponsesProbe {
    /** Final statuses; Sail's pending/running and OpenAI's queued/in_progress mean "not yet". */
    static final Set<String> FINAL = Set.of("completed", "failed", "cancelled", "incomplete");

    private final OpenAIClientAsync client;
    private final Executor pollDelay;

    private OpenAiResponsesProbe(OpenAIClientAsync client, Duration pollInterval) {
        this.client = client;
        this.pollDelay = CompletableFuture.delayedExecutor(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static void main(String[] args) {
        String baseUrl = args[0];
        String apiKey = args[1];
        int n = Integer.parseInt(args[2]);
        Duration pollInterval = Duration.ofMillis(Long.parseLong(args[3]));
        OpenAIClientAsync client = OpenAIOkHttpClientAsync.builder().baseUrl(baseUrl).apiKey(apiKey).build();
        try {
            OpenAiResponsesProbe probe = new OpenAiResponsesProbe(client, pollInterval);
            probe.run(CompletionWorkload.WARM_UP, 1_000_000);
            Probes.readyThenWait();
            JvmSampler sampler = JvmSampler.start();
            long start = System.nanoTime();
            Map<String, Object> result = probe.run(n, 0);
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.stop();
            result.put("seconds", seconds);
            result.put("peakThreads", sampler.peakThreads());
            result.put("threadsAtStart", sampler.threadsAtStart());
            result.put("peakHeapBytes", sampler.peakHeapBytes());
            result.put("peakOpenFiles", sampler.peakOpenFiles());
            Probes.emit(result);
        } finally {
            client.close();
        }
    }

    /** One background request for these prompt tokens, in Sail's raw-token shape. */
    static ResponseCreateParams request(int[] prompt) {
        List<Integer> ids = new ArrayList<>(prompt.length);
        for (int token : prompt) {
            ids.add(token);
        }
        return ResponseCreateParams.builder()
                .model(CompletionWorkload.MODEL)
                .background(true)
                .maxOutputTokens(CompletionWorkload.MAX_TOKENS)
                .temperature(CompletionWorkload.TEMPERATURE)
                .topP(1.0)
                .putAdditionalBodyProperty("input", JsonValue.from(List.of(Map.of("type", "input_tokens", "token_ids", ids))))
                .putAdditionalBodyProperty("stop_token_ids", JsonValue.from(List.of(CompletionWorkload.STOP_TOKEN)))
                .putAdditionalBodyProperty("logprobs", JsonValue.from(true))
                .metadata(ResponseCreateParams.Metadata.builder()
                        .putAdditionalProperty("completion_window", JsonValue.from(CompletionWorkload.WINDOW))
                        .build())
                .build();
    }

    private CompletableFuture<Response> untilFinal(Response response) {
        if (isFinal(response)) {
            return CompletableFuture.completedFuture(response);
        }
        return CompletableFuture.supplyAsync(response::id, pollDelay)
                .thenCompose(id -> client.responses().retrieve(id))
                .thenCompose(this::untilFinal);
    }

    static boolean isFinal(Response response) {
        return response.status().map(ResponseStatus::asString).filter(FINAL::contains).isPresent();
    }

    /** The sampled token ids: Sail's {@code output_tokens} item, which the SDK keeps as raw JSON. */
    @SuppressWarnings("unchecked")
    static List<Integer> outputTokens(Response response) {
        for (ResponseOutputItem item : response.output()) {
            Map<String, Object> json = item._json().map(j -> j.convert(new TypeReference<Map<String, Object>>() { })).orElse(Map.of());
            if ("output_tokens".equals(json.get("type"))) {
                return (List<Integer>) json.get("token_ids");
            }
        }
        throw new IllegalStateException("response " + response.id() + " has no output_tokens item");
    }

    private Map<String, Object> run(int n, int promptOffset) {
        List<CompletableFuture<List<Integer>>> calls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            calls.add(client.responses().create(request(CompletionWorkload.prompt(promptOffset + i)))
                    .thenCompose(this::untilFinal)
                    .thenApply(OpenAiResponsesProbe::outputTokens));
        }
        int completed = 0;
        int failed = 0;
        long tokens = 0;
        String firstFailure = null;
        for (CompletableFuture<List<Integer>> call : calls) {
            try {
                tokens += call.join().size();
                completed++;
            } catch (RuntimeException e) {
                failed++;
                if (firstFailure == null) {
                    firstFailure = String.valueOf(e.getCause() != null ? e.getCause() : e);
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("completed", completed);
        result.put("failed", failed);
        result.put("tokens", tokens);
        result.put("firstFailure", firstFailure);
        return result;
    }
}
