package io.sail4j.adapter.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.SamplingParams;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.ports.out.TokenSampleRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Benchmark 4, per-call overhead: building and serialising one raw-token request of 4,096 prompt
 * tokens, and parsing a finished 1,024-token answer with logprobs, through sail4j's wire mapping
 * ({@code SailWire}, package-private, hence this package) against plain Jackson data binding of
 * records on the same JSON.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WireMappingBenchmark {
    static final int PROMPT_TOKENS = 4096;
    static final int ANSWER_TOKENS = 1024;
    static final ObjectMapper PLAIN = JsonMapper.builder().build();

    int[] prompt;
    byte[] answerJson;
    Answer answer;

    /** The request as a plain Jackson user would model it. */
    public record PlainInput(String type, @JsonProperty("token_ids") int[] tokenIds) {
    }

    public record PlainRequest(String model, List<PlainInput> input, @JsonProperty("max_output_tokens") int maxOutputTokens,
                               double temperature, @JsonProperty("top_p") double topP, boolean logprobs,
                               @JsonProperty("stop_token_ids") int[] stopTokenIds, boolean background,
                               Map<String, String> metadata) {
    }

    /** The answer as a plain Jackson user would model it: just the fields they need. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PlainOutput(String type, @JsonProperty("token_ids") int[] tokenIds, double[] logprobs,
                              @JsonProperty("stop_reason") String stopReason) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PlainResponse(String id, String status, List<PlainOutput> output) {
    }

    @Setup
    public void setUp() {
        Random random = new Random(7);
        prompt = new int[PROMPT_TOKENS];
        for (int i = 0; i < prompt.length; i++) {
            prompt[i] = random.nextInt(163_840);
        }
        answerJson = finishedAnswer(random);
        answer = new Answer("GET /v1/responses/{id}", 200, answerJson, "req_bench", null);
    }

    /** A completed raw-token response in Sail's wire shape, as the emulator writes it. */
    static byte[] finishedAnswer(Random random) {
        ObjectNode root = PLAIN.createObjectNode();
        root.put("id", "resp_0123456789abcdef01234567");
        root.put("object", "response");
        root.put("created_at", 1_763_000_000L);
        root.put("status", "completed");
        root.put("background", true);
        root.put("model", ModelCatalog.KIMI_K2_6.value());
        root.putObject("metadata").put("completion_window", "priority");
        root.put("max_output_tokens", ANSWER_TOKENS);
        root.put("temperature", 0.7);
        root.put("top_p", 1.0);
        root.putNull("instructions");
        root.putArray("tools");
        root.put("tool_choice", "auto");
        root.put("parallel_tool_calls", true);
        ObjectNode item = root.putArray("output").addObject();
        item.put("type", "output_tokens");
        ArrayNode ids = item.putArray("token_ids");
        ArrayNode logprobs = item.putArray("logprobs");
        for (int i = 0; i < ANSWER_TOKENS; i++) {
            ids.add(random.nextInt(163_840));
            logprobs.add(-random.nextDouble() * 8);
        }
        item.put("stop_reason", "length");
        ObjectNode usage = root.putObject("usage");
        usage.put("input_tokens", PROMPT_TOKENS);
        usage.put("output_tokens", ANSWER_TOKENS);
        usage.put("total_tokens", PROMPT_TOKENS + ANSWER_TOKENS);
        root.putNull("error");
        root.putNull("incomplete_details");
        try {
            return PLAIN.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** sail4j: the SPI command (validated values) and its request body, as {@code HttpSailBackend.sampleTokens} builds it. */
    @Benchmark
    public byte[] requestSail4j() {
        TokenSampleRequest request = new TokenSampleRequest(ModelCatalog.KIMI_K2_6, ModelInput.of(prompt),
                new SamplingParams(ANSWER_TOKENS, 0.7, 1.0, true), StopCondition.tokens(163_586), CompletionWindow.PRIORITY,
                Optional.empty(), Map.of(), Optional.of(Duration.ofMinutes(30)), Optional.empty());
        return SailWire.bytes(SailWire.tokenSample(request));
    }

    /** Baseline: a record of the same fields, serialised by Jackson data binding. */
    @Benchmark
    public byte[] requestPlainJackson() throws IOException {
        PlainRequest request = new PlainRequest(ModelCatalog.KIMI_K2_6.value(), List.of(new PlainInput("input_tokens", prompt.clone())),
                ANSWER_TOKENS, 0.7, 1.0, true, new int[] {163_586}, true, Map.of("completion_window", "priority"));
        return PLAIN.writeValueAsBytes(request);
    }

    /** sail4j: the answer read into a checked {@code SampledTokens}, as the HTTP adapter does when a poll finds it done. */
    @Benchmark
    public SampledTokens answerSail4j() {
        return SailWire.sampledTokens(SailWire.responseState(answer), true).orElseThrow();
    }

    /** Baseline: the same answer bound to records by Jackson. */
    @Benchmark
    public PlainResponse answerPlainJackson() throws IOException {
        return PLAIN.readValue(answerJson, PlainResponse.class);
    }
}
