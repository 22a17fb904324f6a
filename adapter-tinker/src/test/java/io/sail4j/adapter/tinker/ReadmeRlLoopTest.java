package io.sail4j.adapter.tinker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.adapter.fake.SailEmulator;
import io.sail4j.adapter.http.HttpSailBackend;
import io.sail4j.application.Sail;
import io.sail4j.core.lora.AdapterConfig;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.core.tinker.SignedCheckpointUrl;
import io.sail4j.core.tinker.TinkerPath;
import io.sail4j.ports.in.Blocking;
import io.sail4j.ports.in.TokenCompleter;
import io.sail4j.ports.in.TokenCompleterOptions;
import io.sail4j.ports.local.SyntheticAdapter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// The README's RL-loop snippet, compiled and run here (Tinker faked on loopback, Sail emulated), and
// quoted by the README exactly as written below.
class ReadmeRlLoopTest {
    static final Path README = Path.of("..", "README.md");
    static final Path SOURCE = Path.of("src", "test", "java", "io", "sail4j", "adapter", "tinker", "ReadmeRlLoopTest.java");
    static final String RUN = "tinker://5f0124b7-5ea1-56f6-ac5a-cc3d1173da0c:train:0/sampler_weights/";

    /** Stands for whatever drives training in Tinker (its training API has no Java SDK). */
    interface Trainer {
        String saveWeightsForSampler(String name);

        void train(List<SampledTokens> rollouts);
    }

    @TempDir
    Path tmp;

    final List<int[]> prompts = List.of(new int[] {872, 198, 17, 10, 17, 30}, new int[] {872, 198, 18, 10, 18, 30});
    final AdapterConfig adapterConfig = AdapterConfig.of(SyntheticAdapter.kimi().config());
    final List<List<SampledTokens>> trained = new ArrayList<>();
    Trainer trainer;

    void rlLoop(TinkerRestCheckpoints checkpoints, Sail sail, int steps) {
        // snippet:rlLoop
        for (int step = 1; step <= steps; step++) {
            // 1. Save sampler weights for this step in Tinker: tinker://<run-id>/sampler_weights/rl-step-N
            TinkerPath path = TinkerPath.parse(trainer.saveWeightsForSampler("rl-step-" + step));

            // 2. Resolve a signed archive URL; the TTL makes per-step checkpoints expire instead of piling up.
            SignedCheckpointUrl url = Blocking.await(checkpoints.signedUrl(path, Optional.of(Duration.ofHours(1))));

            // 3. Sample on Sail from that checkpoint: Sail downloads the archive and applies the LoRA.
            TokenCompleter completer = sail.tokenCompleter(
                    TokenCompleterOptions.builder("moonshotai/Kimi-K2.6", 256)
                            .tinkerLoraSignedUrl(url)
                            .adapterConfig(adapterConfig)   // the PEFT adapter_config.json of the LoRA in training
                            .tinkerLoraName(path.name())
                            .build());
            List<CompletableFuture<SampledTokens>> rollouts = prompts.stream()
                    .map(prompt -> completer.complete(ModelInput.of(prompt), StopCondition.string("\n")))
                    .toList();
            trainer.train(rollouts.stream().map(Blocking::await).toList());
        }
        // end
    }

    @Test
    void theRlLoopRunsAgainstTinkerAndSail() throws Exception {
        Path archive = SyntheticAdapter.kimi().writeArchive(tmp.resolve("checkpoint.tar.gz"), true);
        try (FakeTinker tinker = new FakeTinker();
             SailEmulator emulator = SailEmulator.start();
             TinkerRestCheckpoints checkpoints = TinkerRestCheckpoints.builder().fromEnv(Map.of(
                     "TINKER_API_KEY", FakeTinker.API_KEY, "TINKER_BASE_URL", tinker.baseUrl().toString())).build();
             Sail sail = Sail.over(HttpSailBackend.builder().baseUrl(emulator.baseUrl()).apiKey("sk_readme").build())) {
            trainer = new Trainer() {
                @Override
                public String saveWeightsForSampler(String name) {
                    TinkerPath path = TinkerPath.parse(RUN + name);
                    tinker.checkpoint(path, archive);
                    return path.toString();
                }

                @Override
                public void train(List<SampledTokens> rollouts) {
                    trained.add(rollouts);
                }
            };

            rlLoop(checkpoints, sail, 2);

            assertEquals(2, trained.size());
            assertTrue(trained.stream().flatMap(List::stream).allMatch(sampled -> sampled.length() > 0));
            assertEquals(2, tinker.requests().stream().filter(seen -> seen.method().equals("PUT")).count());
            assertEquals(2, tinker.archiveRequests());
            assertEquals(Set.of(RUN + "rl-step-1", RUN + "rl-step-2"), tinker.downloaded(), "Sail downloaded each step's archive");
        }
    }

    @Test
    void theReadmeQuotesTheSnippetAsCompiled() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("(?s)// snippet:rlLoop\\n(.*?)\\n\\s*// end").matcher(Files.readString(SOURCE, StandardCharsets.UTF_8));
        assertTrue(block.find());
        List<String> lines = block.group(1).lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        String snippet = String.join("\n", lines.stream().map(l -> l.length() >= indent ? l.substring(indent) : l.strip()).toList());
        assertTrue(readme.contains(snippet), "README.md must quote this snippet from ReadmeRlLoopTest.java:\n" + snippet);
    }
}
