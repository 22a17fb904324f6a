package io.sail4j.adapter.tinker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.sail4j.adapter.fake.FakeBackendModule;
import io.sail4j.adapter.fake.InMemorySail;
import io.sail4j.adapter.fake.SailEmulator;
import io.sail4j.adapter.http.HttpSailBackend;
import io.sail4j.application.Sail;
import io.sail4j.application.SailModule;
import io.sail4j.core.lora.AdapterConfig;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.core.tinker.TinkerPath;
import io.sail4j.ports.in.TokenCompleter;
import io.sail4j.ports.in.TokenCompleterOptions;
import io.sail4j.ports.in.TokenCompleters;
import io.sail4j.ports.local.SyntheticAdapter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// The whole path an RL loop takes, over real loopback HTTP: this adapter sets the checkpoint's TTL and
// resolves its signed archive URL from the fake Tinker; the token completer sends it to the Sail
// emulator; the emulator downloads the archive (a real PEFT adapter, gzipped tar) from the signed URL
// and samples with the checkpoint applied.
class TinkerCheckpointEndToEndTest {
    static final TinkerPath STEP_7 = TinkerPath.parse("tinker://0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0:train:0/sampler_weights/rl-step-7");
    static final String KIMI = "moonshotai/Kimi-K2.6";
    static final ModelInput PROMPT = ModelInput.of(151644, 872, 198, 17, 10, 17, 30);

    @TempDir
    Path tmp;

    FakeTinker tinker;

    @BeforeEach
    void start() throws IOException {
        Path archive = SyntheticAdapter.kimi().writeArchive(tmp.resolve("rl-step-7.tar.gz"), true);
        tinker = new FakeTinker().checkpoint(STEP_7, archive);
    }

    @AfterEach
    void stop() {
        tinker.close();
    }

    TinkerRestCheckpoints.Builder tinkerClient() {
        return TinkerRestCheckpoints.builder().fromEnv(Map.of("TINKER_API_KEY", FakeTinker.API_KEY,
                "TINKER_BASE_URL", tinker.baseUrl().toString()));
    }

    TokenCompleterOptions checkpointOptions() {
        return TokenCompleterOptions.builder(KIMI, 8)
                .tinkerCheckpoint(STEP_7)
                .checkpointTtl(Duration.ofHours(1))
                .adapterConfig(SyntheticAdapter.kimi().config())
                .tinkerLoraName(STEP_7.name())
                .build();
    }

    @Test
    void theEmulatorDownloadsTheResolvedArchiveAndSamplesThroughTheTokenCompleter() throws Exception {
        try (SailEmulator emulator = SailEmulator.start();
             TinkerRestCheckpoints checkpoints = tinkerClient().build();
             Sail sail = Sail.builder(HttpSailBackend.builder().baseUrl(emulator.baseUrl()).apiKey("sk_e2e").build())
                     .checkpointUrlSource(checkpoints)
                     .build()) {
            TokenCompleter withCheckpoint = sail.tokenCompleter(checkpointOptions());
            TokenCompleter baseModel = sail.tokenCompleter(TokenCompleterOptions.builder(KIMI, 8).build());

            SampledTokens first = withCheckpoint.complete(PROMPT, StopCondition.none()).get(30, TimeUnit.SECONDS);
            SampledTokens second = withCheckpoint.complete(PROMPT, StopCondition.none()).get(30, TimeUnit.SECONDS);
            SampledTokens base = baseModel.complete(PROMPT, StopCondition.none()).get(30, TimeUnit.SECONDS);

            assertTrue(first.length() > 0);
            assertEquals(first, second, "the same checkpoint samples the same way");
            assertNotEquals(base, first, "the checkpoint was applied, not the base model");
            // Tinker saw the TTL set, then one archive request: the completer reuses the URL while it is fresh.
            assertEquals(List.of("PUT " + FakeTinker.apiPath(STEP_7, "ttl"), "GET " + FakeTinker.apiPath(STEP_7, "archive")),
                    tinker.requests().stream().map(FakeTinker.Seen::toString).toList());
            assertEquals("{\"ttl_seconds\":3600}", tinker.requests().get(0).body());
            // Sail fetched the archive from the signed URL itself (the fake Tinker refuses unsigned downloads).
            assertEquals(1, emulator.sail().checkpointDownloads());
            assertEquals(1, tinker.downloads());
        }
    }

    @Test
    void wiredWithGuiceTheSailModuleTakesTheTinkerSourceAndLocators() throws Exception {
        try (InMemorySail fake = InMemorySail.create()) {
            Injector injector = Guice.createInjector(FakeBackendModule.of(fake, "sk_guice"), new SailModule(),
                    new TinkerModule(tinkerClient()),
                    TinkerLoraSourceModule.withConfig(AdapterConfig.of(SyntheticAdapter.kimi().config())));
            try (TinkerRestCheckpoints checkpoints = injector.getInstance(TinkerRestCheckpoints.class)) {
                TokenCompleters completers = injector.getInstance(TokenCompleters.class);
                TokenCompleter byPath = completers.create(checkpointOptions());
                TokenCompleter byLocator = completers.create(TokenCompleterOptions.builder(KIMI, 8).loraLocator(STEP_7.toString()).build());

                SampledTokens sampled = byPath.complete(PROMPT, StopCondition.none()).get(30, TimeUnit.SECONDS);
                SampledTokens located = byLocator.complete(PROMPT, StopCondition.none()).get(30, TimeUnit.SECONDS);

                assertTrue(sampled.length() > 0);
                assertEquals(sampled, located, "the same checkpoint, named by path or by locator");
                assertEquals(2, tinker.archiveRequests(), "each completer resolved its own URL");
                assertFalse(checkpoints.toString().contains(FakeTinker.API_KEY));
                injector.getInstance(Sail.class).close();
            }
        }
    }
}
