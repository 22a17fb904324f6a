package io.sail4j.adapter.tinker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.lora.AdapterConfig;
import io.sail4j.core.lora.LoraSource;
import io.sail4j.core.tinker.TinkerPath;
import io.sail4j.ports.local.SyntheticAdapter;
import io.sail4j.ports.out.CheckpointUrlSource;
import io.sail4j.ports.out.LoraSourceProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

// Wiring: TinkerModule binds the REST client as the CheckpointUrlSource; TinkerLoraSourceModule
// adds a provider for tinker:// locators to the LoraSourceProvider multibinder; the provider pairs the
// resolved URL with the adapter config and refuses a bad locator before any request.
class TinkerModuleTest {
    static final TinkerPath STEP_7 = TinkerPath.parse("tinker://run-1:train:0/sampler_weights/rl-step-7");
    static final AdapterConfig CONFIG = AdapterConfig.of(SyntheticAdapter.kimi().config());

    FakeTinker tinker;

    @BeforeEach
    void start() throws IOException {
        tinker = new FakeTinker().checkpoint(STEP_7);
    }

    @AfterEach
    void stop() {
        tinker.close();
    }

    TinkerRestCheckpoints.Builder client() {
        return TinkerRestCheckpoints.builder().fromEnv(Map.of("TINKER_API_KEY", FakeTinker.API_KEY,
                "TINKER_BASE_URL", tinker.baseUrl().toString()));
    }

    @Test
    void theModuleBindsTheRestClientAsTheCheckpointUrlSource() throws Exception {
        Injector injector = Guice.createInjector(new TinkerModule(client()));
        try (TinkerRestCheckpoints rest = injector.getInstance(TinkerRestCheckpoints.class)) {
            CheckpointUrlSource source = injector.getInstance(CheckpointUrlSource.class);
            assertSame(rest, source);
            assertEquals(tinker.signedUrl(STEP_7), source.signedUrl(STEP_7).get(20, TimeUnit.SECONDS).url());
            assertTrue(rest.toString().contains(tinker.baseUrl().toString()));
        }
    }

    @Test
    void creatingTheInjectorReadsNothingUntilTheSourceIsNeeded() {
        // TINKER_API_KEY is not set for tests: only asking for the binding fails, naming the variable.
        Injector injector = Guice.createInjector(new TinkerModule());
        if (System.getenv("TINKER_API_KEY") == null) {
            Exception e = assertThrows(Exception.class, () -> injector.getInstance(CheckpointUrlSource.class));
            assertTrue(e.getMessage().contains("TINKER_API_KEY"), e.getMessage());
        }
    }

    @Test
    void tinkerLocatorsResolveToCheckpointSourcesThroughTheMultibinder() throws Exception {
        Injector injector = Guice.createInjector(new TinkerModule(client()),
                new TinkerLoraSourceModule(path -> CONFIG, Optional.of(Duration.ofHours(1))));
        TinkerRestCheckpoints rest = injector.getInstance(TinkerRestCheckpoints.class);
        try {
            Set<LoraSourceProvider> providers = injector.getInstance(Key.get(new TypeLiteral<Set<LoraSourceProvider>>() { }));
            LoraSourceProvider tinkerProvider = providers.stream().filter(p -> p.handles(STEP_7.toString())).findFirst().orElseThrow();
            assertTrue(!tinkerProvider.handles("funnier-v1"));

            LoraSource source = tinkerProvider.resolve(STEP_7.toString()).get(20, TimeUnit.SECONDS);

            LoraSource.TinkerCheckpoint checkpoint = assertInstanceOf(LoraSource.TinkerCheckpoint.class, source);
            assertEquals(tinker.signedUrl(STEP_7), checkpoint.url().url());
            assertEquals(CONFIG, checkpoint.adapterConfig());
            assertEquals(Optional.of("rl-step-7"), checkpoint.name());
            assertEquals(2, tinker.requests().size(), "TTL, then archive");
        } finally {
            rest.close();
        }
    }

    @Test
    void theProviderRefusesABadLocatorOrAMissingConfigBeforeAnyRequest() throws Exception {
        try (TinkerRestCheckpoints rest = client().build()) {
            TinkerLoraSourceProvider provider = new TinkerLoraSourceProvider(rest, path -> null, Optional.empty());
            ExecutionException badPath = assertThrows(ExecutionException.class,
                    () -> provider.resolve("tinker://run-1/checkpoints/x").get(20, TimeUnit.SECONDS));
            assertTrue(assertInstanceOf(InvalidRequestException.class, badPath.getCause()).names("tinker_path.kind"));
            ExecutionException noConfig = assertThrows(ExecutionException.class,
                    () -> provider.resolve(STEP_7.toString()).get(20, TimeUnit.SECONDS));
            assertTrue(assertInstanceOf(InvalidRequestException.class, noConfig.getCause()).names("adapter_config"));
            assertEquals(0, tinker.requests().size());
        }
    }

    @Test
    void withoutGuiceThePlainConstructorsDoTheSame() throws Exception {
        try (TinkerRestCheckpoints rest = client().build()) {
            LoraSourceProvider provider = TinkerLoraSourceProvider.withConfig(rest, CONFIG);
            LoraSource source = provider.resolve(STEP_7.toString()).get(20, TimeUnit.SECONDS);
            assertEquals(CONFIG, ((LoraSource.TinkerCheckpoint) source).adapterConfig());
        }
    }
}
