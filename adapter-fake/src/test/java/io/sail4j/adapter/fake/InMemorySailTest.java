package io.sail4j.adapter.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.AuthenticationException;
import io.sail4j.core.error.ResponseFailedException;
import io.sail4j.core.error.SailTimeoutException;
import io.sail4j.core.lora.Lora;
import io.sail4j.core.lora.LoraName;
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
import io.sail4j.ports.out.PageRequest;
import io.sail4j.ports.out.SailBackend;
import io.sail4j.ports.out.StoredFile;
import io.sail4j.ports.out.TokenSampleRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the in-memory fake adds beyond the backend contract: organizations, manual stepping, scripted failures, time. */
class InMemorySailTest {
    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private InMemorySail sail(InMemorySail.Builder builder) {
        InMemorySail sail = builder.build();
        open.add(sail);
        return sail;
    }

    private static TokenSampleRequest sample(Optional<Duration> timeout) {
        return new TokenSampleRequest(ModelCatalog.KIMI_K2_6, ModelInput.of(5, 6, 7), SamplingParams.of(4), StopCondition.none(),
                CompletionWindow.PRIORITY, Optional.empty(), Map.of(), timeout, Optional.empty());
    }

    private Lora register(SailBackend backend, String name) {
        SyntheticAdapter.Written files = SyntheticAdapter.kimi().writeTo(dir.resolve(name));
        StoredFile config = backend.uploadFile(FileUpload.lora(files.configFile())).join();
        StoredFile weights = backend.uploadFile(FileUpload.lora(files.weightsFile())).join();
        return backend.createLora(CreateLora.of(LoraName.of(name), List.of(ModelCatalog.KIMI_K2_6), config.id(), weights.id())).join();
    }

    @Test
    void keysConfiguredIntoOneOrganizationShareItsLoras() {
        InMemorySail sail = sail(InMemorySail.builder().organization("acme", "sk_alice", "sk_bob").manual());
        Lora lora = register(sail.backend("sk_alice"), "shared-lora");
        assertEquals(lora.id(), sail.backend("sk_bob").getLora(lora.ref()).join().id());
        assertEquals("acme", sail.organizationOf("sk_bob"));
        assertNotEquals("acme", sail.organizationOf("sk_carol"));
        assertEquals(0, sail.backend("sk_carol").listLoras(PageRequest.first()).join().data().size());
    }

    @Test
    void unknownKeysCanBeRefused() {
        InMemorySail sail = sail(InMemorySail.builder().organization("acme", "sk_alice").rejectUnknownKeys());
        CompletionException e = assertThrows(CompletionException.class, () -> sail.backend("sk_mallory").listModels().join());
        assertInstanceOf(AuthenticationException.class, e.getCause());
        assertFalse(e.getCause().getMessage().contains("sk_mallory"), "keys never appear in messages");
        assertEquals(1, sail.backend("sk_alice").listModels().join().size());
    }

    @Test
    void byDefaultValidationsAndResponsesFinishOnTheirOwn() {
        InMemorySail sail = sail(InMemorySail.builder().validationDelay(Duration.ofMillis(1)).responseDelay(Duration.ofMillis(1)));
        SailBackend backend = sail.backend("sk_auto");
        Lora lora = register(backend, "auto-lora");
        assertEquals(4, backend.sampleTokens(sample(Optional.empty())).join().length());
        // a later read sees the validation finished: poll the state the way a client would, with a bound
        CompletableFuture<ValidationStatus> finished = CompletableFuture.supplyAsync(() -> {
            ValidationStatus status;
            do {
                status = backend.getLora(lora.ref()).join().latestValidation(ModelCatalog.KIMI_K2_6).orElseThrow().status();
                Thread.onSpinWait();
            } while (!status.isFinished());
            return status;
        });
        assertEquals(ValidationStatus.SUCCEEDED, finished.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join());
    }

    @Test
    void aScriptedOutcomeReplacesTheRealOneOnce() {
        InMemorySail sail = sail(InMemorySail.builder().manual());
        SailBackend backend = sail.backend("sk_script");
        Lora first = register(backend, "first-lora");
        Lora second = register(backend, "second-lora");
        sail.nextValidationOutcome(ValidationStatus.UNVERIFIED, "gpu_busy", "could not reach a GPU");
        assertEquals(2, sail.finishValidations());
        List<ValidationStatus> outcomes = List.of(
                backend.getLora(first.ref()).join().validations().get(0).status(),
                backend.getLora(second.ref()).join().validations().get(0).status());
        assertEquals(List.of(ValidationStatus.UNVERIFIED, ValidationStatus.SUCCEEDED), outcomes);
    }

    @Test
    void aSampleWaitsForTheTestToFinishItAndCanFailOnScript() {
        InMemorySail sail = sail(InMemorySail.builder().manual());
        SailBackend backend = sail.backend("sk_manual");
        CompletableFuture<SampledTokens> first = backend.sampleTokens(sample(Optional.empty()));
        assertFalse(first.isDone());
        assertEquals(1, sail.startResponses());
        assertFalse(first.isDone());
        sail.failNextResponse("engine_overloaded", "try again later");
        sail.finishResponses();
        CompletionException e = assertThrows(CompletionException.class, first::join);
        ResponseFailedException failed = assertInstanceOf(ResponseFailedException.class, e.getCause());
        assertEquals(Optional.of("engine_overloaded"), failed.code());
        assertEquals("failed", failed.status());

        CompletableFuture<SampledTokens> second = backend.sampleTokens(sample(Optional.empty()));
        sail.finishResponses();
        assertEquals(4, second.join().length());
    }

    @Test
    void aSampleThatOutlivesItsTimeoutFailsWithSailTimeoutException() {
        InMemorySail sail = sail(InMemorySail.builder().manualResponses());
        CompletableFuture<SampledTokens> waiting = sail.backend("sk_slow").sampleTokens(sample(Optional.of(Duration.ofMillis(50))));
        CompletionException e = assertThrows(CompletionException.class, waiting::join);
        assertInstanceOf(SailTimeoutException.class, e.getCause());
    }

    @Test
    void timestampsComeFromTheGivenClock() {
        ManualClock clock = new ManualClock(Instant.parse("2030-05-01T12:00:00Z"));
        InMemorySail sail = sail(InMemorySail.builder().clock(clock).manual());
        SailBackend backend = sail.backend("sk_clock");
        Lora lora = register(backend, "clocked");
        assertEquals(Instant.parse("2030-05-01T12:00:00Z"), lora.createdAt());
        clock.advance(Duration.ofMinutes(3));
        sail.finishValidations();
        assertEquals(Instant.parse("2030-05-01T12:03:00Z"), backend.getLora(lora.ref()).join().validations().get(0).updatedAt());
    }

    @Test
    void countsWhatWasCreatedAndReplayed() {
        InMemorySail sail = sail(InMemorySail.builder().manual());
        SailBackend backend = sail.backend("sk_counts");
        register(backend, "counted");
        TokenSampleRequest keyed = sample(Optional.empty()).withIdempotencyKey("k");
        backend.sampleTokens(keyed);
        backend.sampleTokens(keyed);
        assertEquals(Map.of("file", 2L, "lora", 1L, "response", 1L), sail.createdCounts());
        assertEquals(1, sail.idempotentReplays());
    }

    @Test
    void aFileIsKeptAsSizeDigestAndHeadOnly() throws Exception {
        InMemorySail sail = sail(InMemorySail.builder().manual());
        Path big = dir.resolve("big.bin");
        try (var out = java.nio.file.Files.newOutputStream(big)) {
            out.write(new byte[3 << 20]);
        }
        StoredFile stored = sail.backend("sk_big").uploadFile(FileUpload.lora(big)).join();
        assertEquals(3 << 20, stored.bytes());
        assertTrue(sail.state().getFile(sail.state().caller("sk_big"), stored.id()).content().head().length <= 1 << 20);
    }

    @Test
    void uploadProgressIsReportedUpToTheFullSize() {
        InMemorySail sail = sail(InMemorySail.builder().manual());
        SyntheticAdapter.Written files = SyntheticAdapter.kimi().writeTo(dir);
        List<Long> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        sail.backend("sk_p").uploadFile(FileUpload.lora(files.weightsFile()).withProgress((sent, total) -> seen.add(sent))).join();
        assertEquals(files.weightsBytes(), seen.get(seen.size() - 1));
    }
}
