package io.sail4j.adapter.fake.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.adapter.fake.InMemorySail;
import io.sail4j.adapter.fake.SailEmulator;
import io.sail4j.core.error.BadRequestException;
import io.sail4j.core.lora.Lora;
import io.sail4j.core.lora.LoraName;
import io.sail4j.core.lora.LoraSource;
import io.sail4j.core.lora.ValidationStatus;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.SamplingParams;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.ports.local.SyntheticAdapter;
import io.sail4j.ports.out.CreateLora;
import io.sail4j.ports.out.FileUpload;
import io.sail4j.ports.out.SailBackend;
import io.sail4j.ports.out.StoredFile;
import io.sail4j.ports.out.TokenSampleRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Testing code that talks to Sail, without a Sail account: each test gets a fresh fake Sail that
 * enforces Sail's rules, in memory or over HTTP.
 */
class TestingAgainstAFakeSailTest {

    /** The simplest form: ask for a {@link SailBackend} (or a {@link FakeSail}) as a test parameter. */
    @Nested
    @ExtendWith(FakeSailExtension.class)
    class WithExtendWith {

        @Test
        void registerALoraAndSampleWithIt(SailBackend sail, @TempDir Path dir) {
            // Your adapter's two files; here a small valid Kimi-K2.6 adapter written for the test.
            SyntheticAdapter.Written adapter = SyntheticAdapter.kimi().writeTo(dir);
            StoredFile config = sail.uploadFile(FileUpload.lora(adapter.configFile())).join();
            StoredFile weights = sail.uploadFile(FileUpload.lora(adapter.weightsFile())).join();

            Lora lora = sail.createLora(CreateLora.of(LoraName.of("funnier-v1"), List.of(ModelCatalog.KIMI_K2_6),
                    config.id(), weights.id())).join();

            // Sampling completes on its own after a few milliseconds; the same request always gives the same tokens.
            TokenSampleRequest request = new TokenSampleRequest(ModelCatalog.KIMI_K2_6, ModelInput.of(72, 105, 33),
                    SamplingParams.of(16), StopCondition.none(), CompletionWindow.PRIORITY,
                    Optional.of(LoraSource.registered(lora.ref())), Map.of(), Optional.empty(), Optional.empty());
            SampledTokens tokens = sail.sampleTokens(request).join();
            assertEquals(16, tokens.length());
            assertEquals(tokens, sail.sampleTokens(request).join());
        }

        @Test
        void talkToItOverHttpWithAnyClient(FakeSail fake) throws Exception {
            // The emulator starts on first use, on a free loopback port, serving the same state.
            URI models = URI.create(fake.baseUrl() + "/models");
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(models)
                    .header("Authorization", "Bearer " + fake.apiKey()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode());
            assertTrue(answer.body().contains("moonshotai/Kimi-K2.6"));
            assertEquals(1, fake.emulator().counters().requests("GET /v1/models"));
        }

        @Test
        void everyTestStartsFromAnEmptySail(InMemorySail sail, SailEmulator emulator) {
            assertEquals(Map.of(), sail.createdCounts());
            assertEquals(FakeSailExtension.ORGANIZATION, sail.organizationOf(FakeSailExtension.DEFAULT_API_KEY));
            assertTrue(emulator.baseUrl().toString().startsWith("http://127.0.0.1:"));
        }
    }

    /** To step the fake by hand (no test ever sleeps), register the extension with manual settings. */
    @Nested
    class SteppingByHand {
        @RegisterExtension
        FakeSailExtension sail = FakeSailExtension.withSettings(fake -> fake.manual());

        @TempDir
        Path dir;

        private Lora register(SyntheticAdapter adapter) {
            SyntheticAdapter.Written files = adapter.writeTo(dir);
            SailBackend backend = sail.backend();
            StoredFile config = backend.uploadFile(FileUpload.lora(files.configFile())).join();
            StoredFile weights = backend.uploadFile(FileUpload.lora(files.weightsFile())).join();
            return backend.createLora(CreateLora.of(LoraName.of("my-adapter"), List.of(ModelCatalog.KIMI_K2_6),
                    config.id(), weights.id())).join();
        }

        @Test
        void aValidationWaitsUntilYouFinishIt() {
            Lora lora = register(SyntheticAdapter.kimi());
            assertEquals(ValidationStatus.PENDING, lora.latestValidation(ModelCatalog.KIMI_K2_6).orElseThrow().status());

            sail.sail().finishValidations();

            Lora validated = sail.backend().getLora(lora.ref()).join();
            assertEquals(ValidationStatus.SUCCEEDED, validated.latestValidation(ModelCatalog.KIMI_K2_6).orElseThrow().status());
        }

        @Test
        void aBrokenAdapterFailsValidationAsOnSail() {
            Lora lora = register(SyntheticAdapter.kimi().rank(64));   // Kimi-K2.6 takes rank 32 at most
            sail.sail().finishValidations();
            Lora failed = sail.backend().getLora(lora.ref()).join();
            assertEquals(Optional.of("rank_too_large"), failed.latestValidation(ModelCatalog.KIMI_K2_6).orElseThrow().resultCode());
        }

        @Test
        void theFakeRefusesWhatSailRefuses() {
            Lora lora = register(SyntheticAdapter.kimi());
            TokenSampleRequest onAsap = new TokenSampleRequest(ModelCatalog.KIMI_K2_6, ModelInput.of(1, 2, 3), SamplingParams.of(8),
                    StopCondition.none(), CompletionWindow.ASAP, Optional.of(LoraSource.registered(lora.ref())), Map.of(),
                    Optional.empty(), Optional.empty());
            CompletionException refused = assertThrows(CompletionException.class, () -> sail.backend().sampleTokens(onAsap).join());
            BadRequestException cause = assertInstanceOf(BadRequestException.class, refused.getCause());
            assertEquals("lora requests cannot use completion_window=asap", cause.error().message());
        }

        @Test
        void aBackgroundResponseFinishesWhenYouSaySo() {
            TokenSampleRequest request = new TokenSampleRequest(ModelCatalog.KIMI_K2_6, ModelInput.of(1, 2, 3), SamplingParams.of(8),
                    StopCondition.none(), CompletionWindow.PRIORITY, Optional.empty(), Map.of(), Optional.empty(), Optional.empty());
            var pending = sail.backend().sampleTokens(request);
            assertTrue(!pending.isDone());
            sail.sail().finishResponses();
            assertEquals(8, pending.join().length());
        }
    }
}
