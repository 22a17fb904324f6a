package io.sail4j.bench;

import io.sail4j.adapter.http.HttpSailBackend;
import io.sail4j.application.Sail;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.ports.in.TokenCompleter;
import io.sail4j.ports.in.TokenCompleterOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code n} raw-token completions at once through sail4j's token completer over the HTTP adapter:
 * each is a background Responses request that the adapter polls until done.
 * <pre>Sail4jCompletionsProbe &lt;base-url&gt; &lt;api-key&gt; &lt;n&gt;</pre>
 */
public final class Sail4jCompletionsProbe {
    private Sail4jCompletionsProbe() {
    }

    public static void main(String[] args) {
        String baseUrl = args[0];
        String apiKey = args[1];
        int n = Integer.parseInt(args[2]);
        try (Sail sail = Sail.over(HttpSailBackend.builder().apiKey(apiKey).baseUrl(baseUrl).build())) {
            TokenCompleter completer = sail.tokenCompleter(
                    TokenCompleterOptions.builder(CompletionWorkload.MODEL, CompletionWorkload.MAX_TOKENS)
                            .temperature(CompletionWorkload.TEMPERATURE)
                            .completionWindow(CompletionWorkload.WINDOW)
                            .build());
            run(completer, CompletionWorkload.WARM_UP, 1_000_000);
            Probes.readyThenWait();
            JvmSampler sampler = JvmSampler.start();
            long start = System.nanoTime();
            Outcome outcome = run(completer, n, 0);
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.stop();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("seconds", seconds);
            result.put("completed", outcome.completed);
            result.put("failed", outcome.failed);
            result.put("tokens", outcome.tokens);
            result.put("firstFailure", outcome.firstFailure);
            result.put("peakThreads", sampler.peakThreads());
            result.put("threadsAtStart", sampler.threadsAtStart());
            result.put("peakHeapBytes", sampler.peakHeapBytes());
            result.put("peakOpenFiles", sampler.peakOpenFiles());
            Probes.emit(result);
        }
    }

    private static final class Outcome {
        int completed;
        int failed;
        long tokens;
        String firstFailure;
    }

    private static Outcome run(TokenCompleter completer, int n, int promptOffset) {
        List<CompletableFuture<SampledTokens>> calls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            calls.add(completer.complete(ModelInput.of(CompletionWorkload.prompt(promptOffset + i)),
                    StopCondition.tokens(CompletionWorkload.STOP_TOKEN)));
        }
        Outcome outcome = new Outcome();
        for (CompletableFuture<SampledTokens> call : calls) {
            try {
                SampledTokens tokens = call.join();
                outcome.completed++;
                outcome.tokens += tokens.length();
            } catch (RuntimeException e) {
                outcome.failed++;
                if (outcome.firstFailure == null) {
                    outcome.firstFailure = String.valueOf(e.getCause() != null ? e.getCause() : e);
                }
            }
        }
        return outcome;
    }
}
