package io.sail4j.cli;

import io.sail4j.adapter.tinker.TinkerRestCheckpoints;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.ports.in.Blocking;
import io.sail4j.ports.in.ResponseRequest;
import io.sail4j.ports.in.TokenCompleter;
import io.sail4j.ports.in.TokenCompleterOptions;
import io.sail4j.ports.out.TextResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sail sample}: raw tokens through the token completer, or text through the Responses API. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        header = "Sample tokens (or text) from a model, with a LoRA or a Tinker checkpoint.",
        description = {"Sample from a model, with a registered LoRA or a Tinker checkpoint.",
                "--tokens: token ids in, token ids out (the token completer), with logprobs and the stop reason.",
                "--text: a Responses request; prints the text. Tinker checkpoints apply to --tokens only."})
final class SampleCommand extends Subcommand {
    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", defaultValue = LorasCommand.DEFAULT_MODEL,
            description = "Base model (default: ${DEFAULT-VALUE}).")
    String model;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    static final class Source {
        @Option(names = "--lora", paramLabel = "NAME", description = "A LoRA registered on Sail (name or id).")
        String lora;

        @Option(names = "--tinker-path", paramLabel = "PATH",
                description = "A Tinker checkpoint, tinker://RUN/sampler_weights/NAME (needs --adapter-config and TINKER_API_KEY).")
        String tinkerPath;
    }

    @Option(names = "--adapter-config", paramLabel = "FILE", description = "The Tinker checkpoint's adapter_config.json.")
    Path adapterConfig;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--tokens", split = ",", paramLabel = "IDS", required = true, description = "Prompt token ids, e.g. 1,2,3.")
        List<Integer> tokens;

        @Option(names = "--text", paramLabel = "TEXT", required = true, description = "A text prompt (Responses API).")
        String text;
    }

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "64", description = "Most tokens to sample (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", paramLabel = "T", description = "0 to 2 (default 1.0).")
    Double temperature;

    @Option(names = "--top-p", paramLabel = "P", description = "0 to 1 (default 1.0).")
    Double topP;

    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop at this string; repeatable (--tokens only).")
    List<String> stop;

    @Option(names = "--stop-token-ids", split = ",", paramLabel = "IDS", description = "Stop at any of these token ids (--tokens only).")
    List<Integer> stopTokenIds;

    @Option(names = "--window", paramLabel = "WINDOW", defaultValue = "priority",
            description = "Completion window: asap, priority, standard or flex (default: ${DEFAULT-VALUE}; a LoRA cannot use asap).")
    String window;

    @Option(names = "--no-logprobs", description = "Do not request per-token logprobs (--tokens only).")
    boolean noLogprobs;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up on the sample after this long (default: by window; --tokens only).")
    Duration timeout;

    SampleCommand(CliContext context) {
        super(context);
    }

    @Override
    int execute() throws IOException {
        return input.text != null ? text() : tokens();
    }

    private int tokens() throws IOException {
        if (stop != null && stopTokenIds != null) {
            throw usage("pass --stop or --stop-token-ids, not both");
        }
        TokenCompleterOptions.Builder options = TokenCompleterOptions.builder(model, maxTokens)
                .completionWindow(window).requestLogprobs(!noLogprobs);
        if (temperature != null) {
            options.temperature(temperature);
        }
        if (topP != null) {
            options.topP(topP);
        }
        if (timeout != null) {
            options.timeout(timeout);
        }
        TinkerRestCheckpoints tinker = null;
        if (source != null && source.lora != null) {
            options.lora(source.lora);
        } else if (source != null && source.tinkerPath != null) {
            if (adapterConfig == null) {
                throw usage("--tinker-path needs --adapter-config FILE (the checkpoint's adapter_config.json)");
            }
            if (context.env(TinkerRestCheckpoints.API_KEY_ENV).isEmpty()) {
                throw usage("--tinker-path needs TINKER_API_KEY to resolve the checkpoint's signed URL");
            }
            tinker = TinkerRestCheckpoints.builder().fromEnv(context.environment()).build();
            options.tinkerCheckpoint(source.tinkerPath).adapterConfig(Files.readString(adapterConfig)).checkpointUrlSource(tinker);
        } else if (adapterConfig != null) {
            throw usage("--adapter-config goes with --tinker-path");
        }
        StopCondition condition = stop != null ? StopCondition.strings(stop)
                : stopTokenIds != null ? StopCondition.tokens(stopTokenIds.stream().mapToInt(Integer::intValue).toArray())
                : StopCondition.none();
        ModelInput prompt = ModelInput.of(input.tokens);
        try (Connection connection = connect()) {
            TokenCompleter completer = connection.sail().tokenCompleter(options.build());
            SampledTokens sampled = completer.completeBlocking(prompt, condition);
            print(sampled);
            return ExitCodes.OK;
        } finally {
            if (tinker != null) {
                tinker.close();
            }
        }
    }

    private void print(SampledTokens sampled) {
        if (json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("tokens", sampled.tokens());
            result.put("logprobs", sampled.logprobs().orElse(null));
            result.put("stop_reason", sampled.stopReason().wireName());
            Render.json(context.out(), result);
            return;
        }
        PrintWriter out = context.out();
        out.println("tokens       " + Arrays.stream(sampled.tokens()).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
        sampled.logprobs().ifPresent(logprobs -> out.println("logprobs     " + Arrays.stream(logprobs)
                .mapToObj(v -> String.format(java.util.Locale.ROOT, "%.4f", v)).collect(Collectors.joining(" "))));
        out.println("stop reason  " + sampled.stopReason().wireName());
    }

    private int text() {
        if (source != null && source.tinkerPath != null) {
            throw usage("--tinker-path works with --tokens only: Sail applies Tinker checkpoints on the raw-token path"
                    + " and serves text requests with the base model");
        }
        if (stop != null || stopTokenIds != null || timeout != null || noLogprobs) {
            throw usage("--stop, --stop-token-ids, --timeout and --no-logprobs work with --tokens only");
        }
        if (adapterConfig != null) {
            throw usage("--adapter-config goes with --tinker-path");
        }
        ResponseRequest.Builder request = ResponseRequest.builder(model).input(input.text).maxOutputTokens(maxTokens)
                .completionWindow(CompletionWindow.of(window));
        if (source != null && source.lora != null) {
            request.lora(source.lora);
        }
        if (temperature != null) {
            request.temperature(temperature);
        }
        if (topP != null) {
            request.topP(topP);
        }
        try (Connection connection = connect()) {
            TextResult result = Blocking.await(connection.sail().text().respond(request.build()));
            if (json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("id", result.id());
                json.put("model", result.model().value());
                json.put("text", result.text());
                json.put("usage", Map.of("input_tokens", result.usage().inputTokens(),
                        "output_tokens", result.usage().outputTokens(), "total_tokens", result.usage().totalTokens()));
                json.put("finish_reason", result.finishReason().orElse(null));
                Render.json(context.out(), json);
            } else {
                context.out().println(result.text());
            }
            return ExitCodes.OK;
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
