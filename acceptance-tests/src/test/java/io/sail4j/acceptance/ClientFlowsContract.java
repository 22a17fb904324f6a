package io.sail4j.acceptance;

import static io.sail4j.acceptance.Fixtures.KIMI;
import static io.sail4j.acceptance.Fixtures.KIMI_TWIN;
import static io.sail4j.acceptance.Fixtures.QUICK;
import static io.sail4j.acceptance.Fixtures.failure;
import static io.sail4j.ports.in.Blocking.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.adapter.fake.InMemorySail;
import io.sail4j.adapter.fake.ManualClock;
import io.sail4j.application.Sail;
import io.sail4j.core.error.ApiError;
import io.sail4j.core.error.BadRequestException;
import io.sail4j.core.error.IncompleteRegistrationException;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.NotFoundException;
import io.sail4j.core.error.ResponseFailedException;
import io.sail4j.core.error.SailTimeoutException;
import io.sail4j.core.error.SailApiException;
import io.sail4j.core.error.ServerException;
import io.sail4j.core.error.TransportException;
import io.sail4j.core.error.ValidationTimeoutException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.FileId;
import io.sail4j.core.lora.Lora;
import io.sail4j.core.lora.LoraRef;
import io.sail4j.core.lora.LoraSource;
import io.sail4j.core.lora.ValidationStatus;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.model.ModelId;
import io.sail4j.core.rules.ValidationRules.Usability;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.ports.in.ChatCompletionRequest;
import io.sail4j.ports.in.MessagesRequest;
import io.sail4j.ports.in.RegisterLora;
import io.sail4j.ports.in.Registration;
import io.sail4j.ports.in.ResponseRequest;
import io.sail4j.ports.in.TokenCompleter;
import io.sail4j.ports.in.TokenCompleterOptions;
import io.sail4j.ports.in.ValidationOutcome;
import io.sail4j.ports.in.ValidationWait;
import io.sail4j.ports.local.SyntheticAdapter;
import io.sail4j.ports.out.CreateLora;
import io.sail4j.ports.out.FileUpload;
import io.sail4j.ports.out.SailBackend;
import io.sail4j.ports.out.StoredFile;
import io.sail4j.ports.out.TextResult;
import io.sail4j.ports.out.UpdateLora;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every client flow, run unchanged on a backend the subclass provides: the in-memory Sail directly,
 * or the same Sail behind the emulator through the HTTP adapter over loopback.
 */
abstract class ClientFlowsContract {
    static final String API_KEY = "sk_test_client_flows";

    @TempDir
    Path tmp;

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /** A backend acting for {@code apiKey} on {@code fake}; closed by the test's {@link Sail}. */
    protected abstract SailBackend connect(InMemorySail fake, String apiKey);

    <T extends AutoCloseable> T track(T resource) {
        opened.push(resource);
        return resource;
    }

    @AfterEach
    void closeEverything() throws Exception {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
    }

    InMemorySail fake(UnaryOperator<InMemorySail.Builder> settings) {
        return track(settings.apply(InMemorySail.builder().catalog(Fixtures.wideCatalog())).build());
    }

    /** A fake, a counting window onto a backend for it, and a client over that window. */
    final class World {
        final InMemorySail fake;
        final ForwardingBackend backend;
        final Sail sail;

        World(UnaryOperator<InMemorySail.Builder> fakeSettings, Function<SailBackend, ForwardingBackend> window,
              UnaryOperator<Sail.Builder> clientSettings) {
            this.fake = fake(fakeSettings);
            this.backend = window.apply(connect(fake, API_KEY));
            this.sail = track(clientSettings.apply(Sail.builder(backend).catalog(Fixtures.wideCatalog())).build());
        }

        long created(String kind) {
            return fake.createdCounts().getOrDefault(kind, 0L);
        }
    }

    World world() {
        return new World(b -> b, ForwardingBackend::new, b -> b);
    }

    World worldWith(UnaryOperator<InMemorySail.Builder> fakeSettings) {
        return new World(fakeSettings, ForwardingBackend::new, b -> b);
    }

    World worldSeenThrough(Function<SailBackend, ForwardingBackend> window) {
        return new World(b -> b, window, b -> b);
    }

    Path adapter(String name, UnaryOperator<SyntheticAdapter> shape) {
        return shape.apply(SyntheticAdapter.kimi()).writeTo(tmp.resolve(name)).directory();
    }

    Path goodAdapter() {
        return adapter("good-" + System.nanoTime(), a -> a);
    }

    static RegisterLora.Builder registration(Path dir, String name) {
        return RegisterLora.fromDirectory(dir).name(name).models(KIMI);
    }

    Registration register(World w, String name) {
        return await(w.sail.loras().register(registration(goodAdapter(), name).awaitValidation(QUICK).build()));
    }

    // ------------------------------------------------------------------ register

    @Test
    void registerUploadsBothFilesCreatesTheLoraAndAwaitsValidation() {
        World w = world();
        List<long[]> progress = new CopyOnWriteArrayList<>();
        Registration registration = await(w.sail.loras().register(registration(goodAdapter(), "funnier-v1")
                .description("answers with a joke").progress((sent, total) -> progress.add(new long[] {sent, total}))
                .awaitValidation(QUICK).build()));

        Lora lora = registration.lora();
        assertEquals("funnier-v1", lora.name().value());
        assertEquals(List.of(KIMI), lora.supportedModels());
        assertEquals(registration.configFile().id(), lora.configFileId());
        assertEquals(registration.weightsFile().id(), lora.weightsFileId());
        assertEquals("answers with a joke", lora.description().orElseThrow());
        assertEquals(registration.preflight().weightsBytes(), registration.weightsFile().bytes());
        ValidationOutcome validation = registration.validation().orElseThrow();
        assertEquals(ValidationOutcome.Matched.SUCCEEDED, validation.matched());
        assertTrue(validation.attempts() >= 1);
        assertEquals(ValidationStatus.SUCCEEDED, validation.record(KIMI).orElseThrow().status());
        assertTrue(registration.warnings().isEmpty(), registration.warnings().toString());

        long total = registration.preflight().uploadBytes();
        assertTrue(progress.stream().allMatch(p -> p[1] == total));
        assertTrue(progress.stream().anyMatch(p -> p[0] == total), "combined progress reaches the total of both files");
        assertEquals(2, w.created("file"));
        assertEquals(1, w.created("lora"));
    }

    @Test
    void registerFromTheTwoFilePathsWithoutWaiting() {
        World w = world();
        Path dir = goodAdapter();
        Registration registration = await(w.sail.loras().register(RegisterLora
                .fromFiles(dir.resolve("adapter_config.json"), dir.resolve("adapter_model.safetensors"))
                .name("two-paths").model(KIMI.value()).displayName("Two paths").build()));

        assertTrue(registration.validation().isEmpty());
        assertEquals("Two paths", registration.lora().displayName().orElseThrow());
        assertEquals("adapter_model.safetensors", registration.weightsFile().filename());
    }

    @Test
    void aMalformedAdapterIsRefusedWithEveryViolationAndNothingIsUploaded() {
        World w = world();
        Path dir = adapter("rank64-foreign", a -> a.rank(64).inFeatures(4096));

        InvalidRequestException refused = failure(InvalidRequestException.class,
                w.sail.loras().register(registration(dir, "too-big").build()));

        assertTrue(refused.names("adapter_config.r"), refused.getMessage());
        List<Violation> shapes = refused.violations().stream()
                .filter(v -> v.field().startsWith("adapter_model.safetensors[")).toList();
        assertFalse(shapes.isEmpty(), refused.getMessage());
        assertTrue(shapes.stream().allMatch(v -> v.rule().contains("7168")), shapes.toString());
        assertEquals(0, w.backend.uploadCalls.get());
        assertEquals(0, w.created("file"));
        assertEquals(0, w.created("lora"));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("rank above the model's max", (UnaryOperator<SyntheticAdapter>) a -> a.rank(64), KIMI, "adapter_config.r"),
                Arguments.of("tensor shapes of another model", (UnaryOperator<SyntheticAdapter>) a -> a.inFeatures(4096), KIMI,
                        "adapter_model.safetensors[base_model.model.language_model.model.layers.1.self_attn.q_a_proj.lora_A.weight]"),
                Arguments.of("not a LoRA", (UnaryOperator<SyntheticAdapter>) a -> a.configField("peft_type", "PREFIX_TUNING"), KIMI,
                        "adapter_config.peft_type"),
                Arguments.of("not causal LM", (UnaryOperator<SyntheticAdapter>) a -> a.configField("task_type", "SEQ_2_SEQ_LM"), KIMI,
                        "adapter_config.task_type"),
                Arguments.of("unknown model", (UnaryOperator<SyntheticAdapter>) a -> a, ModelId.of("acme/unknown"), "supported_models[0]"),
                Arguments.of("model without LoRA serving", (UnaryOperator<SyntheticAdapter>) a -> a, Fixtures.PLAIN, "supported_models[0]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void registerRefusesBeforeUploading(String why, UnaryOperator<SyntheticAdapter> shape, ModelId model, String field) {
        World w = world();
        Path dir = adapter("refused", shape);

        InvalidRequestException refused = failure(InvalidRequestException.class, w.sail.loras()
                .register(RegisterLora.fromDirectory(dir).name("refused").models(model).build()));

        assertTrue(refused.names(field), why + ": " + refused.getMessage());
        assertEquals(0, w.backend.uploadCalls.get());
        assertEquals(0, w.created("file"));
    }

    @Test
    void aTakenNameIsRefusedTogetherWithTheAdapterProblemsBeforeAnyUpload() {
        World w = world();
        register(w, "taken-name");
        long filesBefore = w.created("file");
        w.backend.uploadCalls.set(0);

        InvalidRequestException refused = failure(InvalidRequestException.class, w.sail.loras()
                .register(registration(adapter("again", a -> a.rank(64)), "taken-name").build()));

        assertTrue(refused.names("name"), refused.getMessage());
        assertTrue(refused.names("adapter_config.r"), refused.getMessage());
        assertEquals(0, w.backend.uploadCalls.get());
        assertEquals(filesBefore, w.created("file"));
    }

    @Test
    void aMissingDirectoryIsRefused() {
        World w = world();
        InvalidRequestException refused = failure(InvalidRequestException.class,
                w.sail.loras().register(registration(tmp.resolve("nowhere"), "nowhere").build()));
        assertTrue(refused.names("adapter_dir"), refused.getMessage());
    }

    @Test
    void warningsAreReportedAndDoNotStopTheRegistration() {
        World w = world();
        Path dir = adapter("no-base", a -> a.configField("base_model_name_or_path", null));

        Registration registration = await(w.sail.loras().register(registration(dir, "no-base-model").build()));

        assertEquals(List.of("adapter_config.base_model_name_or_path"),
                registration.warnings().stream().map(Violation::field).toList());
        assertEquals(1, w.created("lora"));
    }

    @Test
    void aFailedValidationIsAnOutcomeToReadAndBlocksTheModel() {
        World w = world();
        w.fake.failNextValidation("lora_load_failed", "adapter weights did not load");

        Registration registration = await(w.sail.loras().register(registration(goodAdapter(), "will-fail")
                .awaitValidation(QUICK).build()));

        ValidationOutcome outcome = registration.validation().orElseThrow();
        assertEquals(ValidationOutcome.Matched.FAILED, outcome.matched());
        assertFalse(outcome.usable());
        assertEquals("lora_load_failed", outcome.failures().get(0).resultCode().orElseThrow());
        Usability usability = await(w.sail.loras().usability(registration.lora().ref(), KIMI));
        assertFalse(usability.usable());
        assertTrue(usability.reason().contains("adapter weights did not load"), usability.reason());
    }

    @Test
    void creationFailingAfterTheUploadsDeletesTheUploadedFiles() {
        World w = worldSeenThrough(real -> new ForwardingBackend(real) {
            @Override
            public CompletableFuture<Lora> createLora(CreateLora command) {
                return CompletableFuture.failedFuture(SailApiException.forError(
                        ApiError.of(400, "invalid_request_error", "supported_models rejected")));
            }
        });

        BadRequestException failed = failure(BadRequestException.class,
                w.sail.loras().register(registration(goodAdapter(), "not-created").build()));

        assertTrue(failed.getMessage().contains("supported_models rejected"));
        assertEquals(2, w.backend.uploaded.size());
        for (StoredFile file : w.backend.uploaded) {
            failure(NotFoundException.class, w.sail.files().get(file.id()));
        }
    }

    @Test
    void filesThatCannotBeDeletedAreNamedInTheError() {
        World w = worldSeenThrough(real -> new ForwardingBackend(real) {
            @Override
            public CompletableFuture<Lora> createLora(CreateLora command) {
                return CompletableFuture.failedFuture(SailApiException.forError(
                        ApiError.of(400, "invalid_request_error", "supported_models rejected")));
            }

            @Override
            public CompletableFuture<Void> deleteFile(FileId id) {
                return CompletableFuture.failedFuture(SailApiException.forError(ApiError.of(503, "server_error", "busy"), true));
            }
        });

        IncompleteRegistrationException failed = failure(IncompleteRegistrationException.class,
                w.sail.loras().register(registration(goodAdapter(), "half-done").build()));

        List<String> uploaded = w.backend.uploaded.stream().map(f -> f.id().value()).sorted().toList();
        assertEquals(uploaded, failed.leftoverFileIds().stream().sorted().toList());
        assertInstanceOf(BadRequestException.class, failed.getCause());
        uploaded.forEach(id -> assertTrue(failed.getMessage().contains(id)));
        for (StoredFile file : w.backend.uploaded) {
            assertEquals(file.id(), await(w.sail.files().get(file.id())).id());
        }
    }

    @Test
    void aLoraCreatedDespiteAnAmbiguousFailureIsAdopted() {
        World w = worldSeenThrough(real -> new ForwardingBackend(real) {
            @Override
            public CompletableFuture<Lora> createLora(CreateLora command) {
                return delegate.createLora(command).thenCompose(created -> CompletableFuture.failedFuture(
                        new TransportException("connection reset after the request was sent", null, true)));
            }
        });

        Registration registration = await(w.sail.loras().register(registration(goodAdapter(), "ambiguous").build()));

        assertEquals("ambiguous", registration.lora().name().value());
        assertEquals(1, w.created("lora"));
        assertEquals(registration.weightsFile().id(), await(w.sail.files().get(registration.weightsFile().id())).id());
    }

    @Test
    void aFailedUploadDeletesTheOtherFile() {
        World w = worldSeenThrough(real -> new ForwardingBackend(real) {
            @Override
            public CompletableFuture<StoredFile> uploadFile(FileUpload upload) {
                if (upload.filename().endsWith(".safetensors")) {
                    return CompletableFuture.failedFuture(SailApiException.forError(ApiError.of(502, "server_error", "bad gateway"), true));
                }
                return super.uploadFile(upload);
            }
        });

        failure(ServerException.class, w.sail.loras().register(registration(goodAdapter(), "upload-fails").build()));

        assertEquals(1, w.backend.uploaded.size());
        failure(NotFoundException.class, w.sail.files().get(w.backend.uploaded.get(0).id()));
        assertEquals(0, w.created("lora"));
    }

    // ------------------------------------------------------------------ waiting and usability

    @Test
    void awaitingPastTheDeadlineSaysWhatIsStillPending() {
        World w = worldWith(InMemorySail.Builder::manualValidations);
        Registration registration = await(w.sail.loras().register(registration(goodAdapter(), "slow-check").build()));
        LoraRef ref = registration.lora().ref();
        ValidationWait shortWait = ValidationWait.upTo(Duration.ofMillis(400)).withBackoff(Duration.ofMillis(5), Duration.ofMillis(20), 2.0);

        ValidationTimeoutException pending = failure(ValidationTimeoutException.class, w.sail.loras().awaitValidation(ref, shortWait));
        assertEquals(Map.of(KIMI.value(), "pending"), pending.pending());
        assertTrue(pending.attempts() >= 2, "checked more than once: " + pending.attempts());
        assertTrue(pending.getMessage().contains("slow-check"), pending.getMessage());

        Usability whilePending = await(w.sail.loras().usability(ref, KIMI));
        assertTrue(whilePending.usable(), "pending validations stay usable");

        w.fake.startValidations();
        ValidationTimeoutException running = failure(ValidationTimeoutException.class, w.sail.loras().awaitValidation(ref, KIMI, shortWait));
        assertEquals(Map.of(KIMI.value(), "running"), running.pending());

        w.fake.finishValidations();
        ValidationOutcome outcome = await(w.sail.loras().awaitValidation(ref, KIMI, shortWait));
        assertTrue(outcome.succeeded());
        assertEquals(1, outcome.attempts());
    }

    @Test
    void closingTheClientEndsWaitsStillRunning() {
        World w = worldWith(InMemorySail.Builder::manualValidations);
        Registration registration = await(w.sail.loras().register(registration(goodAdapter(), "never-checked").build()));
        CompletableFuture<ValidationOutcome> waiting = w.sail.loras().awaitValidation(registration.lora().ref(),
                ValidationWait.upTo(Duration.ofMinutes(5)).withBackoff(Duration.ofMillis(5), Duration.ofMillis(20), 2.0));

        w.sail.close();

        failure(io.sail4j.core.error.SailException.class, waiting);
    }

    @Test
    void awaitingAModelTheLoraDoesNotSupportIsRefused() {
        World w = world();
        Registration registration = register(w, "one-model");

        InvalidRequestException refused = failure(InvalidRequestException.class,
                w.sail.loras().awaitValidation(registration.lora().ref(), KIMI_TWIN, QUICK));
        assertTrue(refused.names("model"), refused.getMessage());
    }

    @Test
    void usabilitySaysWhyNot() {
        World w = world();
        Registration registration = register(w, "usable-lora");
        LoraRef ref = registration.lora().ref();

        assertTrue(await(w.sail.loras().usability(ref, KIMI)).usable());
        Usability otherModel = await(w.sail.loras().usability(ref, KIMI_TWIN));
        assertFalse(otherModel.usable());
        assertTrue(otherModel.reason().contains("supported_models"), otherModel.reason());
        Usability unknown = await(w.sail.loras().usability(LoraRef.parse("no-such-lora"), KIMI));
        assertFalse(unknown.usable());
        assertTrue(unknown.reason().contains("not found"), unknown.reason());
    }

    // ------------------------------------------------------------------ management

    @Test
    void createGetUpdateAndDeleteALora() {
        World w = world();
        Path dir = goodAdapter();
        StoredFile config = await(w.sail.files().upload(dir.resolve("adapter_config.json"), (s, t) -> { }));
        StoredFile weights = await(w.sail.files().upload(FileUpload.lora(dir.resolve("adapter_model.safetensors"))));
        Lora created = await(w.sail.loras().create(CreateLora.of(io.sail4j.core.lora.LoraName.of("managed"), List.of(KIMI),
                config.id(), weights.id())));

        assertEquals(created.id(), await(w.sail.loras().get("managed")).id());
        assertEquals("managed", await(w.sail.loras().get(LoraRef.of(created.id()))).name().value());

        Lora widened = await(w.sail.loras().updateSupportedModels(created.ref(), List.of(KIMI, KIMI_TWIN)));
        assertEquals(List.of(KIMI, KIMI_TWIN), widened.supportedModels());
        ValidationOutcome twin = await(w.sail.loras().awaitValidation(created.ref(), KIMI_TWIN, QUICK));
        assertEquals(KIMI_TWIN, twin.records().get(0).model());
        ValidationOutcome all = await(w.sail.loras().awaitValidation(created.ref(), QUICK));
        assertEquals(2, all.records().size());

        Lora described = await(w.sail.loras().update(created.ref(),
                new UpdateLora(java.util.Optional.empty(), java.util.Optional.of("v2"), java.util.Optional.empty())));
        assertEquals("v2", described.description().orElseThrow());

        await(w.sail.loras().delete(created.ref()));
        failure(NotFoundException.class, w.sail.loras().get("managed"));
    }

    @Test
    void createAndUpdateRefuseModelsThatTakeNoLorasBeforeSending() {
        World w = world();
        Path dir = goodAdapter();
        StoredFile config = await(w.sail.files().upload(FileUpload.lora(dir.resolve("adapter_config.json"))));
        StoredFile weights = await(w.sail.files().upload(FileUpload.lora(dir.resolve("adapter_model.safetensors"))));

        InvalidRequestException refused = failure(InvalidRequestException.class, w.sail.loras().create(CreateLora.of(
                io.sail4j.core.lora.LoraName.of("plain"), List.of(Fixtures.PLAIN, ModelId.of("acme/unknown")), config.id(), weights.id())));
        assertEquals(List.of("supported_models[0]", "supported_models[1]"), refused.violations().stream().map(Violation::field).toList());
        assertEquals(0, w.created("lora"));

        Registration registration = register(w, "patch-target");
        failure(InvalidRequestException.class,
                w.sail.loras().updateSupportedModels(registration.lora().ref(), List.of(KIMI, Fixtures.PLAIN)));
        assertEquals(List.of(KIMI), await(w.sail.loras().get(registration.lora().ref())).supportedModels());
    }

    @Test
    void listingFetchesPagesOnlyAsIterationReachesThem() {
        World w = world();
        Path dir = goodAdapter();
        StoredFile config = await(w.sail.files().upload(FileUpload.lora(dir.resolve("adapter_config.json"))));
        StoredFile weights = await(w.sail.files().upload(FileUpload.lora(dir.resolve("adapter_model.safetensors"))));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            names.add("listed-" + i);
            await(w.sail.loras().create(CreateLora.of(io.sail4j.core.lora.LoraName.of("listed-" + i), List.of(KIMI),
                    config.id(), weights.id())));
        }

        List<String> firstFour = w.sail.loras().list(3).limit(4).map(l -> l.name().value()).toList();
        assertEquals(names.subList(0, 4), firstFour);
        assertEquals(2, w.backend.listCalls.get(), "four items at three per page: two pages");

        w.backend.listCalls.set(0);
        assertEquals(names, w.sail.loras().list(3).map(l -> l.name().value()).toList());
        assertEquals(3, w.backend.listCalls.get());
        assertEquals(7, w.sail.loras().list().count());
    }

    @Test
    void filesUploadWithProgressAndCanBeFetchedAndDeleted() {
        World w = world();
        Path weightsPath = goodAdapter().resolve("adapter_model.safetensors");
        List<Long> sent = new CopyOnWriteArrayList<>();

        StoredFile stored = await(w.sail.files().upload(weightsPath, (bytes, total) -> sent.add(bytes)));

        assertEquals(stored.bytes(), sent.get(sent.size() - 1));
        assertEquals(stored, await(w.sail.files().get(stored.id())));
        await(w.sail.files().delete(stored.id()));
        failure(NotFoundException.class, w.sail.files().get(stored.id()));
        InvalidRequestException missing = failure(InvalidRequestException.class, w.sail.files().upload(tmp.resolve("absent.bin"), (b, t) -> { }));
        assertTrue(missing.names("file"));
    }

    // ------------------------------------------------------------------ token completer

    static final ModelInput PROMPT = ModelInput.of(101, 2045, 17, 8, 300);

    @Test
    void completesOnTheBaseModelWithLogprobsByDefault() {
        World w = world();
        TokenCompleter completer = w.sail.tokenCompleter(TokenCompleterOptions.builder(KIMI.value(), 12)
                .temperature(0.7).metadata("run", "rl-7").build());

        SampledTokens sampled = await(completer.complete(PROMPT, "\n"));

        assertTrue(sampled.length() > 0 && sampled.length() <= 12);
        assertEquals(sampled.length(), sampled.logprobs().orElseThrow().length);
        var sent = w.backend.samples.get(0);
        assertEquals(io.sail4j.core.model.CompletionWindow.PRIORITY, sent.window());
        assertEquals(Map.of("run", "rl-7"), sent.metadata());
        assertEquals(0.7, sent.params().temperature());
        assertTrue(sent.lora().isEmpty());
    }

    @Test
    void perCallMaxTokensTakesTheSmallerLimitAndLogprobsCanBeOff() {
        World w = world();
        TokenCompleter completer = w.sail.tokenCompleter(TokenCompleterOptions.builder(KIMI.value(), 8)
                .requestLogprobs(false).build());

        SampledTokens three = await(completer.complete(PROMPT, StopCondition.none(), 3));
        await(completer.complete(PROMPT, StopCondition.tokens(7, 9), 500));
        SampledTokens blocking = completer.completeBlocking(PROMPT, StopCondition.strings("\n", "END"));

        assertTrue(three.length() <= 3);
        assertTrue(three.logprobs().isEmpty());
        assertTrue(blocking.logprobs().isEmpty());
        assertEquals(List.of(3, 8, 8), w.backend.samples.stream().map(r -> r.params().maxTokens()).toList());
        assertFalse(w.backend.samples.get(0).params().logprobs());
        failure(InvalidRequestException.class, completer.complete(PROMPT, StopCondition.none(), 0));
    }

    @Test
    void completesWithARegisteredLoraAndIsRefusedOnceItsValidationFailed() {
        World w = world();
        Registration good = register(w, "sampler-lora");
        TokenCompleter completer = w.sail.tokenCompleter(TokenCompleterOptions.builder(KIMI.value(), 6)
                .lora("sampler-lora").build());

        assertTrue(await(completer.complete(PROMPT, StopCondition.none())).length() > 0);
        assertEquals(LoraSource.registered(good.lora().ref()), w.backend.samples.get(0).lora().orElseThrow());

        w.fake.failNextValidation("lora_load_failed", "does not load");
        Registration bad = register(w, "broken-lora");
        assertFalse(bad.validation().orElseThrow().usable());
        TokenCompleter blocked = w.sail.tokenCompleter(TokenCompleterOptions.builder(KIMI.value(), 6).lora("broken-lora").build());
        BadRequestException refused = failure(BadRequestException.class, blocked.complete(PROMPT, StopCondition.none()));
        assertTrue(refused.getMessage().contains("does not load"), refused.getMessage());
    }

    @Test
    void aCallPastItsTimeoutFailsWithATimeout() {
        World w = worldWith(InMemorySail.Builder::manualResponses);
        TokenCompleter completer = w.sail.tokenCompleter(TokenCompleterOptions.builder(KIMI.value(), 4)
                .timeout(Duration.ofMillis(150)).build());

        failure(SailTimeoutException.class, completer.complete(PROMPT, StopCondition.none()));
        assertEquals(0, completer.inFlight());
    }

    @Test
    void theServersModelListCanExtendTheCatalog() {
        World w = new World(b -> b, ForwardingBackend::new, b -> b.catalog(ModelCatalog.builtIn()).catalogFromServer(true));
        RegisterLora twoModels = RegisterLora.fromDirectory(goodAdapter()).name("two-models").models(KIMI, KIMI_TWIN)
                .awaitValidation(QUICK).build();

        try (Sail builtInOnly = Sail.builder(w.backend).ownsBackend(false).build()) {
            InvalidRequestException refused = failure(InvalidRequestException.class, builtInOnly.loras().register(twoModels));
            assertTrue(refused.names("supported_models[1]"), refused.getMessage());
        }
        Registration registration = await(w.sail.loras().register(twoModels));

        assertEquals(List.of(KIMI, KIMI_TWIN), registration.lora().supportedModels());
        assertEquals(2, registration.validation().orElseThrow().records().size());
        assertTrue(w.sail.catalog().find(KIMI_TWIN).orElseThrow().takesLoras());
    }

    // ------------------------------------------------------------------ Tinker checkpoints

    static final String CHECKPOINT = "tinker://run-1:train/sampler_weights/rl-step-7";

    TokenCompleterOptions.Builder checkpointOptions() {
        return TokenCompleterOptions.builder(KIMI.value(), 5).tinkerCheckpoint(CHECKPOINT)
                .adapterConfig(SyntheticAdapter.kimi().config()).tinkerLoraName("rl-step-7");
    }

    @Test
    void aTinkerCheckpointUrlIsReResolvedBeforeItExpires() {
        ManualClock clock = ManualClock.startingAt2026();
        CheckpointArchiveServer tinker = track(new CheckpointArchiveServer(tmp, clock, Duration.ofMinutes(15)));
        World w = new World(b -> b, ForwardingBackend::new, b -> b.clock(clock).checkpointUrlSource(tinker));
        TokenCompleter completer = w.sail.tokenCompleter(checkpointOptions().build());

        await(completer.complete(PROMPT, StopCondition.none()));
        await(completer.complete(PROMPT, StopCondition.none()));
        assertEquals(1, tinker.urlsHandedOut(), "one URL serves calls while it is fresh");

        clock.advance(Duration.ofMinutes(14));
        await(completer.complete(PROMPT, StopCondition.none()));
        assertEquals(2, tinker.urlsHandedOut(), "a URL about to expire is replaced before use");
        LoraSource.TinkerCheckpoint sent = (LoraSource.TinkerCheckpoint) w.backend.samples.get(2).lora().orElseThrow();
        assertTrue(sent.url().url().getQuery().equals("sig=2"), sent.toString());
        assertEquals("rl-step-7", sent.name().orElseThrow());
        assertEquals(io.sail4j.core.tinker.TinkerPath.parse(CHECKPOINT), tinker.resolved.get(0));
    }

    @Test
    void aCheckpointSailCannotDownloadIsReResolvedOnceAndTheCallRetried() {
        ManualClock clock = ManualClock.startingAt2026();
        CheckpointArchiveServer tinker = track(new CheckpointArchiveServer(tmp, clock, Duration.ofMinutes(15)));
        World w = new World(b -> b, ForwardingBackend::new, b -> b.clock(clock));
        TokenCompleter completer = w.sail.tokenCompleter(checkpointOptions().checkpointUrlSource(tinker).build());
        tinker.revoke(1);

        SampledTokens sampled = await(completer.complete(PROMPT, StopCondition.none()));
        assertTrue(sampled.length() > 0);
        assertEquals(2, tinker.urlsHandedOut());
        assertEquals(2, w.backend.sampleCalls.get());

        tinker.revokeFrom(3);
        clock.advance(Duration.ofMinutes(14));
        ResponseFailedException failed = failure(ResponseFailedException.class, completer.complete(PROMPT, StopCondition.none()));
        assertEquals(ResponseFailedException.TINKER_CHECKPOINT_UNAVAILABLE, failed.code().orElseThrow());
        assertEquals(4, tinker.urlsHandedOut(), "re-resolved once, not in a loop");
        assertEquals(4, w.backend.sampleCalls.get());
        assertFalse(failed.getMessage().contains("sig="), "the signed query string stays secret: " + failed.getMessage());
    }

    @Test
    void aFixedSignedUrlIsSentAsGivenWithItsConfig() {
        ManualClock clock = ManualClock.startingAt2026();
        CheckpointArchiveServer tinker = track(new CheckpointArchiveServer(tmp, clock, Duration.ofMinutes(15)));
        World w = world();
        var url = await(tinker.signedUrl(io.sail4j.core.tinker.TinkerPath.parse(CHECKPOINT)));
        TokenCompleter completer = w.sail.tokenCompleter(TokenCompleterOptions.builder(KIMI.value(), 5)
                .tinkerLoraSignedUrl(url).adapterConfig(new String(SyntheticAdapter.kimi().configJson(),
                        java.nio.charset.StandardCharsets.UTF_8)).build());

        assertTrue(await(completer.complete(PROMPT, "\n")).length() > 0);
        LoraSource.TinkerCheckpoint sent = (LoraSource.TinkerCheckpoint) w.backend.samples.get(0).lora().orElseThrow();
        assertEquals(url, sent.url());
        assertEquals(SyntheticAdapter.kimi().config(), sent.adapterConfig().raw());
    }

    // ------------------------------------------------------------------ text requests

    @Test
    void textRequestsCarryTheLoraOnAllThreeApis() {
        World w = world();
        register(w, "texty");

        TextResult response = await(w.sail.text().respond(ResponseRequest.builder(KIMI).input("Tell me a joke")
                .lora("texty").completionWindow("priority").maxOutputTokens(20).extra("user", "user-42").build()));
        TextResult chat = await(w.sail.text().chat(ChatCompletionRequest.builder(KIMI).system("Be brief").user("Hi")
                .lora("texty").completionWindow("standard").maxCompletionTokens(20).build()));
        TextResult message = await(w.sail.text().message(MessagesRequest.builder(KIMI).system("Be brief").user("Hi")
                .lora("texty").maxTokens(20).build()));

        for (TextResult result : List.of(response, chat, message)) {
            assertFalse(result.text().isEmpty(), result.toString());
            assertEquals(KIMI, result.model());
            assertTrue(result.usage().outputTokens() > 0);
        }
    }

    @Test
    void textRequestsBreakingTheLoraRulesAreRefusedBeforeSending() {
        World w = world();
        register(w, "rules-lora");
        long responsesBefore = w.created("response");

        InvalidRequestException asap = failure(InvalidRequestException.class, w.sail.text().respond(ResponseRequest.builder(KIMI)
                .input("hi").lora("rules-lora").completionWindow("asap").build()));
        InvalidRequestException noLoras = failure(InvalidRequestException.class, w.sail.text().chat(ChatCompletionRequest
                .builder(Fixtures.PLAIN).user("hi").lora("rules-lora").build()));
        InvalidRequestException flex = failure(InvalidRequestException.class, w.sail.text().message(MessagesRequest.builder(KIMI)
                .user("hi").maxTokens(5).completionWindow("flex").build()));

        assertTrue(asap.violations().stream().anyMatch(v -> v.rule().equals("lora requests cannot use completion_window=asap")));
        assertTrue(noLoras.names("model"), noLoras.getMessage());
        assertTrue(flex.names("background"), flex.getMessage());
        assertEquals(responsesBefore, w.created("response"));
    }

    static String describe(List<Violation> violations) {
        return violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}
