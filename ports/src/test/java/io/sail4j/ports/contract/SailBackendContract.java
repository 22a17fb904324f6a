package io.sail4j.ports.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.sail4j.core.error.BadRequestException;
import io.sail4j.core.error.ConflictException;
import io.sail4j.core.error.NotFoundException;
import io.sail4j.core.error.ResponseFailedException;
import io.sail4j.core.error.SailApiException;
import io.sail4j.core.lora.AdapterConfig;
import io.sail4j.core.lora.FileId;
import io.sail4j.core.lora.Lora;
import io.sail4j.core.lora.LoraName;
import io.sail4j.core.lora.LoraRef;
import io.sail4j.core.lora.LoraSource;
import io.sail4j.core.lora.ValidationRecord;
import io.sail4j.core.lora.ValidationStatus;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.core.model.LoraSupport;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.model.ModelId;
import io.sail4j.core.rules.RequestRules;
import io.sail4j.core.rules.ValidationRules;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.SamplingParams;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.core.sampling.StopReason;
import io.sail4j.core.tinker.SignedCheckpointUrl;
import io.sail4j.ports.local.PeftJson;
import io.sail4j.ports.local.SyntheticAdapter;
import io.sail4j.ports.out.CreateLora;
import io.sail4j.ports.out.FileUpload;
import io.sail4j.ports.out.Page;
import io.sail4j.ports.out.PageRequest;
import io.sail4j.ports.out.SailBackend;
import io.sail4j.ports.out.StoredFile;
import io.sail4j.ports.out.TextRequest;
import io.sail4j.ports.out.TextResult;
import io.sail4j.ports.out.TokenSampleRequest;
import io.sail4j.ports.out.UpdateLora;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link SailBackend} promises, as Sail documents it: files, LoRAs and their validation,
 * organizations, idempotency keys, and the rules on requests that use a LoRA. Runs unchanged against
 * the in-memory fake and against the HTTP adapter talking to the emulator. A subclass supplies a
 * {@link SailBackendFixture} serving {@link #contractCatalog()}.
 *
 * <p>The sampling tests assume the fake's byte-level toy vocabulary (token id {@code t < 256} is the
 * byte {@code t}), which is how stop strings can be checked on token ids.
 */
public abstract class SailBackendContract {
    protected static final ModelId KIMI = ModelCatalog.KIMI_K2_6;
    /** Takes LoRAs (max rank 16) but has no architecture to check shapes against; no {@code asap}. */
    protected static final ModelId NO_ARCHITECTURE = ModelId.of("sail4j-test/lora-without-architecture");
    /** Takes no LoRAs; offers only {@code asap} and {@code standard}. */
    protected static final ModelId BASE_ONLY = ModelId.of("sail4j-test/base-only");
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** The catalog a fixture must serve: the built-in Kimi-K2.6 plus two test models. */
    public static ModelCatalog contractCatalog() {
        return ModelCatalog.builtIn()
                .with(new BaseModel(NO_ARCHITECTURE, Optional.of(LoraSupport.anyModule(16)),
                        Set.of(CompletionWindow.PRIORITY, CompletionWindow.STANDARD, CompletionWindow.FLEX), Optional.empty()))
                .with(new BaseModel(BASE_ONLY, Optional.empty(), Set.of(CompletionWindow.ASAP, CompletionWindow.STANDARD),
                        Optional.empty()));
    }

    /** A fresh fixture for one test. */
    protected abstract SailBackendFixture createFixture();

    @TempDir
    protected Path dir;
    protected SailBackendFixture fixture;
    protected SailBackend a;
    protected SailBackend b;
    private final AtomicInteger names = new AtomicInteger();

    @BeforeEach
    void openFixture() {
        fixture = createFixture();
        a = fixture.organizationA();
        b = fixture.organizationB();
    }

    @AfterEach
    void closeFixture() {
        fixture.close();
    }

    // ------------------------------------------------------------------ helpers

    /** The value of a future, or the exception it failed with (unwrapped). */
    protected static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AssertionError("failed with a checked exception", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (TimeoutException e) {
            throw new AssertionError("did not complete within " + WAIT, e);
        }
    }

    protected static <E extends Throwable> E fails(Class<E> type, CompletableFuture<?> future) {
        return assertThrows(type, () -> await(future));
    }

    /** The files of a written adapter, uploaded as {@code backend}. */
    protected record Uploaded(FileId config, FileId weights) {
    }

    protected Uploaded upload(SailBackend backend, SyntheticAdapter adapter) {
        Path at = dir.resolve("adapter-" + names.incrementAndGet());
        SyntheticAdapter.Written written = adapter.writeTo(at);
        StoredFile config = await(backend.uploadFile(FileUpload.lora(written.configFile())));
        StoredFile weights = await(backend.uploadFile(FileUpload.lora(written.weightsFile())));
        return new Uploaded(config.id(), weights.id());
    }

    protected LoraName freshName() {
        return LoraName.of("contract-" + names.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    protected Lora createLora(SailBackend backend, SyntheticAdapter adapter, ModelId... models) {
        Uploaded files = upload(backend, adapter);
        return await(backend.createLora(CreateLora.of(freshName(), List.of(models), files.config(), files.weights())));
    }

    protected ValidationRecord latest(SailBackend backend, Lora lora, ModelId model) {
        return await(backend.getLora(lora.ref())).latestValidation(model).orElseThrow();
    }

    protected static TokenSampleRequest tokens(ModelId model, CompletionWindow window, Optional<LoraSource> lora, int maxTokens,
                                               StopCondition stop) {
        return new TokenSampleRequest(model, ModelInput.of(81, 117, 101, 115, 116, 105, 111, 110, 58), SamplingParams.of(maxTokens),
                stop, window, lora, Map.of(), Optional.empty(), Optional.empty());
    }

    protected static TokenSampleRequest tokens(Optional<LoraSource> lora) {
        return tokens(KIMI, CompletionWindow.PRIORITY, lora, 24, StopCondition.none());
    }

    protected static TextRequest text(TextRequest.Api api, ModelId model, Optional<CompletionWindow> window, Optional<LoraRef> lora,
                                      boolean background) {
        return new TextRequest(api, model, Optional.empty(), List.of(TextRequest.Message.user("Tell me about sails.")),
                Optional.of(64), Optional.empty(), Optional.empty(), window, lora, Map.of(), background, Map.of(), Optional.empty());
    }

    private static String bytesOf(int[] tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int t : tokens) {
            if (t < 256) {
                out.write(t);
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ files and models

    @Nested
    class FileStorage {
        @Test
        void anUploadedFileKeepsItsNameSizeAndPurpose() throws IOException {
            Path file = dir.resolve("adapter_config.json");
            Files.writeString(file, "{\"r\": 8}");
            StoredFile stored = await(a.uploadFile(FileUpload.lora(file)));
            assertEquals("adapter_config.json", stored.filename());
            assertEquals(8, stored.bytes());
            assertEquals("lora", stored.purpose());
            assertEquals(stored, await(a.getFile(stored.id())));
        }

        @Test
        void anotherOrganizationsFileIsNotFound() throws IOException {
            Path file = Files.writeString(dir.resolve("x.json"), "{}");
            StoredFile stored = await(a.uploadFile(FileUpload.lora(file)));
            fails(NotFoundException.class, b.getFile(stored.id()));
            fails(NotFoundException.class, b.deleteFile(stored.id()));
            assertEquals(stored.id(), await(a.getFile(stored.id())).id());
        }

        @Test
        void aDeletedFileIsGone() throws IOException {
            Path file = Files.writeString(dir.resolve("x.json"), "{}");
            StoredFile stored = await(a.uploadFile(FileUpload.lora(file)));
            await(a.deleteFile(stored.id()));
            fails(NotFoundException.class, a.getFile(stored.id()));
        }

        @Test
        void anUploadRepeatedWithItsIdempotencyKeyIsTheSameFile() throws IOException {
            Path file = Files.writeString(dir.resolve("x.json"), "{\"a\":1}");
            StoredFile first = await(a.uploadFile(FileUpload.lora(file).withIdempotencyKey("upload-1")));
            StoredFile again = await(a.uploadFile(FileUpload.lora(file).withIdempotencyKey("upload-1")));
            assertEquals(first.id(), again.id());
        }

        @Test
        void anIdempotencyKeyReusedForOtherBytesIsRefused() throws IOException {
            Path one = Files.writeString(dir.resolve("one.json"), "{\"a\":1}");
            Path two = Files.writeString(dir.resolve("two.json"), "{\"a\":2}");
            await(a.uploadFile(FileUpload.lora(one).withIdempotencyKey("upload-2")));
            SailApiException e = fails(BadRequestException.class,
                    a.uploadFile(new FileUpload(two, "one.json", "lora", (s, t) -> { }, Optional.of("upload-2"))));
            assertEquals(Optional.of("idempotency_error"), e.type());
        }
    }

    @Test
    void theModelListShowsKimiTakingLorasUpToRank32() {
        List<BaseModel> models = await(a.listModels());
        BaseModel kimi = models.stream().filter(m -> m.id().equals(KIMI)).findFirst().orElseThrow();
        assertEquals(32, kimi.lora().orElseThrow().maxRank());
        assertTrue(kimi.supportsWindow(CompletionWindow.PRIORITY));
        assertTrue(models.stream().anyMatch(m -> m.id().equals(BASE_ONLY) && !m.takesLoras()));
    }

    // ------------------------------------------------------------------ LoRAs and validation

    @Nested
    class Loras {
        @Test
        void aNewLoraHasOnePendingValidationPerSupportedModel() {
            Lora lora = createLora(a, SyntheticAdapter.kimi(), KIMI, NO_ARCHITECTURE);
            assertEquals(List.of(KIMI, NO_ARCHITECTURE), lora.supportedModels());
            assertEquals(2, lora.validations().size());
            assertTrue(lora.validations().stream().allMatch(v -> v.status() == ValidationStatus.PENDING));
            assertEquals(Set.of(KIMI, NO_ARCHITECTURE), Set.of(lora.validations().get(0).model(), lora.validations().get(1).model()));
        }

        @Test
        void validationMovesFromPendingThroughRunningToSucceeded() {
            Lora lora = createLora(a, SyntheticAdapter.kimi(), KIMI);
            assertEquals(ValidationStatus.PENDING, latest(a, lora, KIMI).status());
            fixture.startValidations();
            assertEquals(ValidationStatus.RUNNING, latest(a, lora, KIMI).status());
            fixture.finishValidations();
            ValidationRecord done = latest(a, lora, KIMI);
            assertEquals(ValidationStatus.SUCCEEDED, done.status());
            assertTrue(done.resultCode().isEmpty());
        }

        @Test
        void aModelWithoutAnArchitectureEndsUnverifiedAndStaysUsable() {
            Lora lora = createLora(a, SyntheticAdapter.kimi(), NO_ARCHITECTURE);
            fixture.finishValidations();
            assertEquals(ValidationStatus.UNVERIFIED, latest(a, lora, NO_ARCHITECTURE).status());
            SampledTokens sampled = await(a.sampleTokens(tokens(NO_ARCHITECTURE, CompletionWindow.PRIORITY,
                    Optional.of(LoraSource.registered(lora.ref())), 8, StopCondition.none())));
            assertEquals(8, sampled.length());
        }

        @Test
        void aRankAboveTheModelsMaximumFailsValidationWithAReason() {
            Lora lora = createLora(a, SyntheticAdapter.kimi().rank(64), KIMI);
            fixture.finishValidations();
            ValidationRecord record = latest(a, lora, KIMI);
            assertEquals(ValidationStatus.FAILED, record.status());
            assertEquals(Optional.of("rank_too_large"), record.resultCode());
            assertTrue(record.resultMessage().orElseThrow().contains("max rank 32"), record.resultMessage().orElseThrow());
        }

        @Test
        void weightsShapedForAnotherModelFailValidation() {
            Lora lora = createLora(a, SyntheticAdapter.kimi().inFeatures(4096), KIMI);
            fixture.finishValidations();
            ValidationRecord record = latest(a, lora, KIMI);
            assertEquals(ValidationStatus.FAILED, record.status());
            assertEquals(Optional.of("shape_mismatch"), record.resultCode());
        }

        @Test
        void aConfigThatIsNotLoraFailsValidation() {
            Lora lora = createLora(a, SyntheticAdapter.kimi().configField("peft_type", "IA3"), KIMI);
            fixture.finishValidations();
            assertEquals(Optional.of("invalid_adapter_config"), latest(a, lora, KIMI).resultCode());
        }

        @Test
        void aFailureCanBeScripted() {
            Lora lora = createLora(a, SyntheticAdapter.kimi(), KIMI);
            fixture.failNextValidation("gpu_unavailable", "no capacity to validate");
            fixture.finishValidations();
            ValidationRecord record = latest(a, lora, KIMI);
            assertEquals(ValidationStatus.FAILED, record.status());
            assertEquals(Optional.of("gpu_unavailable"), record.resultCode());
            assertEquals(Optional.of("no capacity to validate"), record.resultMessage());
        }

        @Test
        void aLoraIsFoundByNameAndById() {
            Lora lora = createLora(a, SyntheticAdapter.kimi(), KIMI);
            assertEquals(lora.id(), await(a.getLora(LoraRef.of(lora.name()))).id());
            assertEquals(lora.name(), await(a.getLora(LoraRef.of(lora.id()))).name());
        }

        @Test
        void anUnknownLoraIsNotFoundWithSailsMessage() {
            NotFoundException e = fails(NotFoundException.class, a.getLora(LoraRef.parse("no-such-lora")));
            assertEquals("lora not found: no-such-lora", e.error().message());
        }

        @Test
        void anotherOrganizationsLoraIsNotFoundByNameOrId() {
            Lora lora = createLora(a, SyntheticAdapter.kimi(), KIMI);
            assertEquals("lora not found: " + lora.name(),
                    fails(NotFoundException.class, b.getLora(LoraRef.of(lora.name()))).error().message());
            fails(NotFoundException.class, b.getLora(LoraRef.of(lora.id())));
            fails(NotFoundException.class, b.deleteLora(LoraRef.of(lora.name())));
        }

        @Test
        void aDuplicateNameInTheOrganizationIsAConflict() {
            Uploaded files = upload(a, SyntheticAdapter.kimi());
            LoraName name = freshName();
            await(a.createLora(CreateLora.of(name, List.of(KIMI), files.config(), files.weights())));
            SailApiException e = fails(ConflictException.class,
                    a.createLora(CreateLora.of(name, List.of(KIMI), files.config(), files.weights())));
            assertEquals(409, e.status());
        }

        @Test
        void twoOrganizationsMayEachOwnTheSameName() {
            Uploaded mine = upload(a, SyntheticAdapter.kimi());
            Uploaded theirs = upload(b, SyntheticAdapter.kimi());
            LoraName name = freshName();
            Lora first = await(a.createLora(CreateLora.of(name, List.of(KIMI), mine.config(), mine.weights())));
            Lora second = await(b.createLora(CreateLora.of(name, List.of(KIMI), theirs.config(), theirs.weights())));
            assertNotEquals(first.id(), second.id());
        }

        @Test
        void unknownFilesAreNotFound() {
            Uploaded files = upload(a, SyntheticAdapter.kimi());
            fails(NotFoundException.class, a.createLora(CreateLora.of(freshName(), List.of(KIMI), FileId.of("file-missing"),
                    files.weights())));
            fails(NotFoundException.class, b.createLora(CreateLora.of(freshName(), List.of(KIMI), files.config(), files.weights())));
        }

        @Test
        void everySupportedModelMustBeKnownAndTakeLoras() {
            Uploaded files = upload(a, SyntheticAdapter.kimi());
            SailApiException unknown = fails(BadRequestException.class, a.createLora(CreateLora.of(freshName(),
                    List.of(ModelId.of("nobody/no-model")), files.config(), files.weights())));
            assertEquals(Optional.of("supported_models[0]"), unknown.param());
            fails(BadRequestException.class, a.createLora(CreateLora.of(freshName(), List.of(KIMI, BASE_ONLY),
                    files.config(), files.weights())));
        }

        @Test
        void listingPagesThroughTheOrganizationsLoras() {
            Lora one = createLora(a, SyntheticAdapter.kimi(), KIMI);
            Lora two = createLora(a, SyntheticAdapter.kimi(), KIMI);
            Lora three = createLora(a, SyntheticAdapter.kimi(), KIMI);
            createLora(b, SyntheticAdapter.kimi(), KIMI);
            Page<Lora> first = await(a.listLoras(PageRequest.first(2)));
            assertEquals(List.of(one.id(), two.id()), first.data().stream().map(Lora::id).toList());
            assertTrue(first.hasMore());
            Page<Lora> rest = await(a.listLoras(PageRequest.first(2).after(two.id().toString())));
            assertEquals(List.of(three.id()), rest.data().stream().map(Lora::id).toList());
            assertFalse(rest.hasMore());
        }

        @Test
        void addingModelsValidatesOnlyThoseWithoutASucceededValidation() {
            Lora lora = createLora(a, SyntheticAdapter.kimi(), KIMI);
            fixture.finishValidations();
            Lora widened = await(a.updateLora(lora.ref(), UpdateLora.supportedModels(List.of(KIMI, NO_ARCHITECTURE))));
            assertEquals(List.of(KIMI, NO_ARCHITECTURE), widened.supportedModels());
            assertEquals(2, widened.validations().size());
            assertEquals(ValidationStatus.PENDING, widened.latestValidation(NO_ARCHITECTURE).orElseThrow().status());
            assertEquals(ValidationStatus.SUCCEEDED, widened.latestValidation(KIMI).orElseThrow().status());

            await(a.updateLora(lora.ref(), UpdateLora.supportedModels(List.of(NO_ARCHITECTURE))));
            Lora back = await(a.updateLora(lora.ref(), UpdateLora.supportedModels(List.of(NO_ARCHITECTURE, KIMI))));
            assertEquals(2, back.validations().size(), "Kimi already succeeded, so it is not validated again");
        }

        @Test
        void updatingTheDescriptionKeepsTheModels() {
            Lora lora = createLora(a, SyntheticAdapter.kimi(), KIMI);
            Lora updated = await(a.updateLora(lora.ref(), new UpdateLora(Optional.empty(), Optional.of("funnier"),
                    Optional.of("Funnier v1"))));
            assertEquals(Optional.of("funnier"), updated.description());
            assertEquals(Optional.of("Funnier v1"), updated.displayName());
            assertEquals(List.of(KIMI), updated.supportedModels());
        }

        @Test
        void deletingALoraFreesItsName() {
            Uploaded files = upload(a, SyntheticAdapter.kimi());
            LoraName name = freshName();
            await(a.createLora(CreateLora.of(name, List.of(KIMI), files.config(), files.weights())));
            await(a.deleteLora(LoraRef.of(name)));
            fails(NotFoundException.class, a.getLora(LoraRef.of(name)));
            await(a.createLora(CreateLora.of(name, List.of(KIMI), files.config(), files.weights())));
        }
    }

    @Nested
    class Idempotency {
        @Test
        void aCreateRepeatedWithItsKeyReplaysTheSameLoraInItsCurrentState() {
            Uploaded files = upload(a, SyntheticAdapter.kimi());
            CreateLora command = CreateLora.of(freshName(), List.of(KIMI), files.config(), files.weights()).withIdempotencyKey("create-1");
            Lora first = await(a.createLora(command));
            fixture.finishValidations();
            Lora replay = await(a.createLora(command));
            assertEquals(first.id(), replay.id());
            assertEquals(ValidationStatus.SUCCEEDED, replay.latestValidation(KIMI).orElseThrow().status());
            assertEquals(1, await(a.listLoras(PageRequest.first())).data().size());
        }

        @Test
        void aKeyReusedWithAnotherCommandIsAnIdempotencyError() {
            Uploaded files = upload(a, SyntheticAdapter.kimi());
            await(a.createLora(CreateLora.of(freshName(), List.of(KIMI), files.config(), files.weights()).withIdempotencyKey("create-2")));
            SailApiException e = fails(BadRequestException.class, a.createLora(
                    CreateLora.of(freshName(), List.of(KIMI), files.config(), files.weights()).withIdempotencyKey("create-2")));
            assertEquals(400, e.status());
            assertEquals(Optional.of("idempotency_error"), e.type());
        }

        @Test
        void aRefusedRequestLeavesItsKeyFree() {
            Uploaded files = upload(a, SyntheticAdapter.kimi());
            LoraName taken = freshName();
            await(a.createLora(CreateLora.of(taken, List.of(KIMI), files.config(), files.weights())));
            fails(ConflictException.class, a.createLora(
                    CreateLora.of(taken, List.of(KIMI), files.config(), files.weights()).withIdempotencyKey("create-3")));
            Lora created = await(a.createLora(
                    CreateLora.of(freshName(), List.of(KIMI), files.config(), files.weights()).withIdempotencyKey("create-3")));
            assertNotEquals(taken, created.name());
        }

        @Test
        void keysAreScopedToTheOrganization() {
            Uploaded mine = upload(a, SyntheticAdapter.kimi());
            Uploaded theirs = upload(b, SyntheticAdapter.kimi());
            Lora first = await(a.createLora(CreateLora.of(freshName(), List.of(KIMI), mine.config(), mine.weights())
                    .withIdempotencyKey("shared-key")));
            Lora second = await(b.createLora(CreateLora.of(freshName(), List.of(KIMI), theirs.config(), theirs.weights())
                    .withIdempotencyKey("shared-key")));
            assertNotEquals(first.id(), second.id());
        }

        @Test
        void aSampleRepeatedWithItsKeyGivesTheSameTokens() {
            TokenSampleRequest request = tokens(Optional.empty()).withIdempotencyKey("sample-1");
            assertEquals(await(a.sampleTokens(request)), await(a.sampleTokens(request)));
            TokenSampleRequest other = tokens(KIMI, CompletionWindow.STANDARD, Optional.empty(), 5, StopCondition.none())
                    .withIdempotencyKey("sample-1");
            assertEquals(Optional.of("idempotency_error"), fails(BadRequestException.class, a.sampleTokens(other)).type());
        }
    }

    // ------------------------------------------------------------------ sampling

    @Nested
    class Sampling {
        @Test
        void theSameRequestGivesTheSameTokensAndLogprobs() {
            SampledTokens first = await(a.sampleTokens(tokens(Optional.empty())));
            SampledTokens second = await(a.sampleTokens(tokens(Optional.empty())));
            assertEquals(first, second);
            assertEquals(24, first.length());
            assertEquals(StopReason.LENGTH, first.stopReason());
            double[] logprobs = first.logprobs().orElseThrow();
            assertEquals(24, logprobs.length);
            for (double p : logprobs) {
                assertTrue(p <= 0.0, "a logprob is never positive: " + p);
            }
        }

        @Test
        void withoutLogprobsRequestedNoneComeBack() {
            TokenSampleRequest request = new TokenSampleRequest(KIMI, ModelInput.of(1, 2, 3), SamplingParams.of(4).withLogprobs(false),
                    StopCondition.none(), CompletionWindow.PRIORITY, Optional.empty(), Map.of(), Optional.empty(), Optional.empty());
            assertTrue(await(a.sampleTokens(request)).logprobs().isEmpty());
        }

        @Test
        void aLoraChangesTheTokens() {
            Lora lora = createLora(a, SyntheticAdapter.kimi(), KIMI);
            SampledTokens base = await(a.sampleTokens(tokens(Optional.empty())));
            SampledTokens tuned = await(a.sampleTokens(tokens(Optional.of(LoraSource.registered(lora.ref())))));
            assertFalse(java.util.Arrays.equals(base.tokens(), tuned.tokens()));
        }

        @Test
        void aPendingValidationDoesNotBlockTheLora() {
            Lora lora = createLora(a, SyntheticAdapter.kimi(), KIMI);
            assertEquals(ValidationStatus.PENDING, latest(a, lora, KIMI).status());
            assertEquals(24, await(a.sampleTokens(tokens(Optional.of(LoraSource.registered(lora.ref()))))).length());
        }

        @Test
        void aLoraIsRefusedOnAsapWithSailsMessage() {
            Lora lora = createLora(a, SyntheticAdapter.kimi(), KIMI);
            SailApiException e = fails(BadRequestException.class, a.sampleTokens(tokens(KIMI, CompletionWindow.ASAP,
                    Optional.of(LoraSource.registered(lora.ref())), 8, StopCondition.none())));
            assertEquals(RequestRules.ASAP_WITH_LORA, e.error().message());
        }

        @Test
        void theBaseModelMayUseAsap() {
            assertEquals(8, await(a.sampleTokens(tokens(KIMI, CompletionWindow.ASAP, Optional.empty(), 8, StopCondition.none()))).length());
        }

        @Test
        void aModelOutsideTheLorasSupportedModelsIsRefused() {
            Lora lora = createLora(a, SyntheticAdapter.kimi(), KIMI);
            SailApiException e = fails(BadRequestException.class, a.sampleTokens(tokens(NO_ARCHITECTURE, CompletionWindow.PRIORITY,
                    Optional.of(LoraSource.registered(lora.ref())), 8, StopCondition.none())));
            assertEquals(ValidationRules.notSupportedMessage(NO_ARCHITECTURE, lora.supportedModels()), e.error().message());
        }

        @Test
        void aFailedLatestValidationBlocksThatModel() {
            Lora lora = createLora(a, SyntheticAdapter.kimi().rank(64), KIMI);
            fixture.finishValidations();
            ValidationRecord failed = latest(a, lora, KIMI);
            SailApiException e = fails(BadRequestException.class, a.sampleTokens(tokens(Optional.of(LoraSource.registered(lora.ref())))));
            assertEquals(ValidationRules.failedMessage(failed), e.error().message());
        }

        @Test
        void anUnknownOrForeignLoraIsNotFound() {
            NotFoundException unknown = fails(NotFoundException.class,
                    a.sampleTokens(tokens(Optional.of(LoraSource.registered(LoraRef.parse("ghost-lora"))))));
            assertEquals("lora not found: ghost-lora", unknown.error().message());
            Lora theirs = createLora(b, SyntheticAdapter.kimi(), KIMI);
            fails(NotFoundException.class, a.sampleTokens(tokens(Optional.of(LoraSource.registered(theirs.ref())))));
        }

        @Test
        void aModelThatTakesNoLorasRefusesOne() {
            Lora lora = createLora(a, SyntheticAdapter.kimi(), KIMI);
            fails(BadRequestException.class, a.sampleTokens(tokens(BASE_ONLY, CompletionWindow.STANDARD,
                    Optional.of(LoraSource.registered(lora.ref())), 8, StopCondition.none())));
        }

        @Test
        void aWindowTheModelDoesNotOfferIsRefused() {
            SailApiException e = fails(BadRequestException.class,
                    a.sampleTokens(tokens(BASE_ONLY, CompletionWindow.PRIORITY, Optional.empty(), 8, StopCondition.none())));
            assertEquals(Optional.of("completion_window"), e.param());
        }

        @Test
        void aStopTokenEndsTheSample() {
            SampledTokens sampled = await(a.sampleTokens(tokens(KIMI, CompletionWindow.PRIORITY, Optional.empty(), 400,
                    StopCondition.tokens(7, 163_000))));
            assertEquals(StopReason.STOP, sampled.stopReason());
            int last = sampled.token(sampled.length() - 1);
            assertTrue(last == 7 || last == 163_000, "ends with a stop token: " + last);
        }

        @Test
        void aStopStringEndsTheSample() {
            SampledTokens sampled = await(a.sampleTokens(tokens(KIMI, CompletionWindow.PRIORITY, Optional.empty(), 400,
                    StopCondition.strings("\n\n", "END"))));
            assertEquals(StopReason.STOP, sampled.stopReason());
            String text = bytesOf(sampled.tokens());
            assertTrue(text.endsWith("\n\n") || text.endsWith("END"), "ends with a stop string: " + text);
        }

        @Test
        void theTokenLimitEndsTheSampleWithLength() {
            SampledTokens sampled = await(a.sampleTokens(tokens(KIMI, CompletionWindow.PRIORITY, Optional.empty(), 1,
                    StopCondition.strings("zzzz-never"))));
            assertEquals(1, sampled.length());
        }
    }

    // ------------------------------------------------------------------ Tinker checkpoints

    @Nested
    class TinkerCheckpoints {
        private HttpServer server;

        @BeforeEach
        void serveArchives() throws IOException {
            byte[] good = Files.readAllBytes(SyntheticAdapter.kimi().writeArchive(dir.resolve("good.tar.gz"), true));
            byte[] plain = Files.readAllBytes(SyntheticAdapter.kimi().rank(4).writeArchive(dir.resolve("plain.tar"), false));
            byte[] misfit = Files.readAllBytes(SyntheticAdapter.kimi().inFeatures(4096).writeArchive(dir.resolve("misfit.tar"), false));
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                byte[] body = path.endsWith("good.tar.gz") ? good : path.endsWith("plain.tar") ? plain
                        : path.endsWith("misfit.tar") ? misfit : null;
                exchange.sendResponseHeaders(body == null ? 403 : 200, body == null ? -1 : body.length);
                if (body != null) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
                exchange.close();
            });
            server.start();
        }

        @AfterEach
        void stopServing() {
            server.stop(0);
        }

        private Optional<LoraSource> checkpoint(String file, int rank) {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/checkpoints/" + file + "?signature=secret";
            AdapterConfig config = PeftJson.parseConfig("adapter_config", SyntheticAdapter.kimi().rank(rank).configJson());
            return Optional.of(new LoraSource.TinkerCheckpoint(SignedCheckpointUrl.of(url, Instant.now().plusSeconds(900)), config,
                    Optional.of("rl-step-7")));
        }

        @Test
        void aCheckpointArchiveIsDownloadedAndChangesTheTokens() {
            SampledTokens base = await(a.sampleTokens(tokens(Optional.empty())));
            SampledTokens tuned = await(a.sampleTokens(tokens(checkpoint("good.tar.gz", 8))));
            SampledTokens plain = await(a.sampleTokens(tokens(checkpoint("plain.tar", 4))));
            assertFalse(java.util.Arrays.equals(base.tokens(), tuned.tokens()));
            assertFalse(java.util.Arrays.equals(tuned.tokens(), plain.tokens()));
            assertArrayEquals(tuned.tokens(), await(a.sampleTokens(tokens(checkpoint("good.tar.gz", 8)))).tokens());
        }

        @Test
        void anExpiredUrlFailsTheResponseWithTinkerCheckpointUnavailable() {
            ResponseFailedException e = fails(ResponseFailedException.class, a.sampleTokens(tokens(checkpoint("expired.tar", 8))));
            assertEquals(Optional.of(ResponseFailedException.TINKER_CHECKPOINT_UNAVAILABLE), e.code());
            assertFalse(e.getMessage().contains("secret"), "the signed URL's query never shows: " + e.getMessage());
        }

        @Test
        void aCheckpointThatDoesNotFitTheModelFailsTheResponse() {
            ResponseFailedException e = fails(ResponseFailedException.class, a.sampleTokens(tokens(checkpoint("misfit.tar", 8))));
            assertEquals(Optional.of("shape_mismatch"), e.code());
        }

        @Test
        void aCheckpointConfigAboveTheMaxRankIsRefusedUpFront() {
            fails(BadRequestException.class, a.sampleTokens(tokens(checkpoint("good.tar.gz", 64))));
        }

        @Test
        void aCheckpointCannotUseAsap() {
            SailApiException e = fails(BadRequestException.class, a.sampleTokens(tokens(KIMI, CompletionWindow.ASAP,
                    checkpoint("good.tar.gz", 8), 8, StopCondition.none())));
            assertEquals(RequestRules.ASAP_WITH_LORA, e.error().message());
        }
    }

    // ------------------------------------------------------------------ text

    @Nested
    class Text {
        @ParameterizedTest
        @EnumSource(TextRequest.Api.class)
        void everyTextApiAnswersWithDeterministicTextAndUsage(TextRequest.Api api) {
            TextRequest request = text(api, KIMI, Optional.of(CompletionWindow.PRIORITY), Optional.empty(), false);
            TextResult first = await(a.generateText(request));
            assertFalse(first.text().isEmpty());
            assertTrue(first.usage().inputTokens() > 0 && first.usage().outputTokens() > 0);
            assertEquals(KIMI, first.model());
            assertEquals(first.text(), await(a.generateText(request)).text());
        }

        @Test
        void aLoraChangesTheText() {
            Lora lora = createLora(a, SyntheticAdapter.kimi(), KIMI);
            String base = await(a.generateText(text(TextRequest.Api.RESPONSES, KIMI, Optional.of(CompletionWindow.PRIORITY),
                    Optional.empty(), false))).text();
            String tuned = await(a.generateText(text(TextRequest.Api.CHAT_COMPLETIONS, KIMI, Optional.of(CompletionWindow.PRIORITY),
                    Optional.of(lora.ref()), false))).text();
            assertNotEquals(base, tuned);
        }

        @Test
        void aBackgroundTextRequestCompletesToo() {
            TextResult result = await(a.generateText(text(TextRequest.Api.RESPONSES, KIMI, Optional.of(CompletionWindow.FLEX),
                    Optional.empty(), true)));
            assertFalse(result.text().isEmpty());
        }

        @Test
        void flexWithoutBackgroundIsRefused() {
            SailApiException e = fails(BadRequestException.class, a.generateText(text(TextRequest.Api.RESPONSES, KIMI,
                    Optional.of(CompletionWindow.FLEX), Optional.empty(), false)));
            assertEquals(RequestRules.FLEX_NEEDS_BACKGROUND, e.error().message());
        }

        @ParameterizedTest
        @EnumSource(TextRequest.Api.class)
        void aLoraTextRequestIsRefusedOnAsap(TextRequest.Api api) {
            Lora lora = createLora(a, SyntheticAdapter.kimi(), KIMI);
            SailApiException e = fails(BadRequestException.class, a.generateText(text(api, KIMI, Optional.of(CompletionWindow.ASAP),
                    Optional.of(lora.ref()), false)));
            assertEquals(RequestRules.ASAP_WITH_LORA, e.error().message());
        }
    }
}
