package io.sail4j.cli;

import io.sail4j.adapter.fake.SailEmulator;
import io.sail4j.adapter.fake.ToyVocabulary;
import io.sail4j.adapter.http.HttpSailBackend;
import io.sail4j.application.Sail;
import io.sail4j.core.error.CompletionFailures;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.SailApiException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.Lora;
import io.sail4j.core.lora.LoraName;
import io.sail4j.core.lora.LoraRef;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.model.ModelId;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.ports.in.Blocking;
import io.sail4j.ports.in.PreflightReport;
import io.sail4j.ports.in.RegisterLora;
import io.sail4j.ports.in.Registration;
import io.sail4j.ports.in.ResponseRequest;
import io.sail4j.ports.in.TokenCompleter;
import io.sail4j.ports.in.TokenCompleterOptions;
import io.sail4j.ports.in.ValidationOutcome;
import io.sail4j.ports.in.ValidationWait;
import io.sail4j.ports.local.LocalAdapter;
import io.sail4j.ports.local.SyntheticAdapter;
import io.sail4j.ports.out.CreateLora;
import io.sail4j.ports.out.FileUpload;
import io.sail4j.ports.out.StoredFile;
import io.sail4j.ports.out.TextRequest;
import io.sail4j.ports.out.TextResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sail demo}: the whole job on an embedded emulator over loopback HTTP, so the real transport
 * runs: write a small valid adapter, check it, register it, wait for validation, sample tokens, send a
 * text request with the LoRA, and show the two refusals Sail is known for. One line per step.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "The whole job on an embedded Sail emulator over real HTTP; no account needed.",
        description = {"The whole job on an embedded Sail emulator over real HTTP, no account needed: write a small",
                "Kimi-K2.6 PEFT adapter, check it, register it (uploads, create, validation), sample tokens with the",
                "token completer, send a text request with the LoRA, and show Sail refusing an asap request with a",
                "LoRA and a rank-64 adapter."})
final class DemoCommand extends Subcommand {
    private static final ModelId MODEL = ModelCatalog.KIMI_K2_6;
    private static final String NAME = "funnier-v1";
    private static final String WIDE_NAME = "wide-r64";
    /** The emulator takes any key; this one names the demo's organization. */
    private static final String KEY = "sk_demo";
    private static final Duration VALIDATION_WAIT = Duration.ofMinutes(1);

    @Option(names = "--keep", description = "Keep the adapter directories the demo writes (default: deleted).")
    boolean keep;

    private int step;

    DemoCommand(CliContext context) {
        super(context);
    }

    @Override
    int execute() throws IOException {
        long started = System.nanoTime();
        Path workDirectory = Files.createTempDirectory("sail-demo-");
        // Bars on a terminal; nothing in between the step lines otherwise.
        Progress progress = new Progress(context, true);
        try (SailEmulator emulator = SailEmulator.start();
             HttpSailBackend backend = HttpSailBackend.builder().apiKey(KEY).baseUrl(emulator.baseUrl()).build();
             Sail sail = Sail.builder(backend).ownsBackend(false).build()) {
            context.out().println("sail demo: a Sail emulator is serving " + emulator.baseUrl()
                    + "; sail4j talks to it over real HTTP, as it would to Sail");
            LoraRef lora = registerAndValidate(sail, workDirectory, progress);
            sample(sail, lora);
            refuseAsap(sail, backend, lora);
            refuseRank64(sail, workDirectory);
            context.out().printf("done in %s: registered, validated, sampled, and refused where Sail refuses%s%n",
                    Formats.duration(Duration.ofNanos(System.nanoTime() - started)),
                    keep ? "; adapters kept in " + workDirectory : "");
            return ExitCodes.OK;
        } finally {
            if (!keep) {
                deleteRecursively(workDirectory);
            }
        }
    }

    private LoraRef registerAndValidate(Sail sail, Path workDirectory, Progress progress) {
        Path adapter = workDirectory.resolve(NAME);
        SyntheticAdapter.Written written = SyntheticAdapter.kimi().rank(8).layers(1, 2, 3).writeTo(adapter);
        step("write", "a rank-8 PEFT adapter for %s: %d tensors on layers 1-3, %s of real safetensors, in %s",
                MODEL, written.tensors(), Formats.bytes(written.weightsBytes()), adapter);

        PreflightReport report = sail.loras().preflight(adapter, List.of(MODEL));
        if (!report.ok()) {
            throw new InvalidRequestException(report.errors());
        }
        step("preflight", "ok for %s, reading only the config and the safetensors header (%s of %s)",
                MODEL, Formats.bytes(report.bytesRead()), Formats.bytes(report.uploadBytes()));

        long uploadStarted = System.nanoTime();
        Registration registration;
        try (Progress.Tracker upload = progress.upload("upload " + NAME)) {
            registration = Blocking.await(sail.loras().register(
                    RegisterLora.fromDirectory(adapter).name(NAME).models(MODEL).progress(upload).build()));
        }
        Lora created = registration.lora();
        step("register", "uploaded %s as %s and %s as %s (%s in %s); created lora %s, validation %s",
                registration.configFile().filename(), registration.configFile().id(),
                registration.weightsFile().filename(), registration.weightsFile().id(),
                Formats.bytes(registration.configFile().bytes() + registration.weightsFile().bytes()),
                Formats.duration(Duration.ofNanos(System.nanoTime() - uploadStarted)), created.name(),
                Render.statusSummary(created));

        ValidationOutcome outcome = awaitValidation(sail, created.ref(), progress);
        if (!outcome.succeeded()) {
            throw new IllegalStateException("the demo adapter did not validate: " + outcome.records());
        }
        step("validate", "%s after %d %s (%s)", Render.recordText(outcome.records().get(0)), outcome.attempts(),
                outcome.attempts() == 1 ? "check" : "checks", Formats.duration(outcome.waited()));
        return created.ref();
    }

    private void sample(Sail sail, LoraRef lora) {
        String prompt = "Q: what is 2+2?\nA:";
        TokenCompleter completer = sail.tokenCompleter(TokenCompleterOptions.builder(MODEL.value(), 16)
                .lora(lora).temperature(0.7).completionWindow(CompletionWindow.PRIORITY).build());
        SampledTokens sampled = completer.completeBlocking(ModelInput.of(ToyVocabulary.encode(prompt)), StopCondition.string("\n"));
        int[] tokens = sampled.tokens();
        step("sample", "token completer, lora %s, window priority: %d prompt tokens in, %d out %s (\"%s\"), logprobs %s, stop reason %s",
                lora, ToyVocabulary.encode(prompt).length, tokens.length, Formats.ints(tokens, 6),
                Formats.oneLine(ToyVocabulary.decode(tokens), 24), sampled.logprobs().map(l -> Formats.logprobs(l, 4)).orElse("none"),
                sampled.stopReason().wireName());

        TextResult text = Blocking.await(sail.text().respond(ResponseRequest.builder(MODEL)
                .input("Tell me a joke about sailing.").lora(lora).completionWindow(CompletionWindow.PRIORITY)
                .maxOutputTokens(120).build()));
        step("respond", "Responses API with metadata.lora=%s: \"%s\" (%d output tokens)", lora,
                Formats.oneLine(text.text(), 100), text.usage().outputTokens());
    }

    private void refuseAsap(Sail sail, HttpSailBackend backend, LoraRef lora) {
        InvalidRequestException local = refused(InvalidRequestException.class, "an asap request with a LoRA",
                () -> Blocking.await(sail.text().respond(ResponseRequest.builder(MODEL).input("Hi").lora(lora)
                        .completionWindow(CompletionWindow.ASAP).build())));
        step("refuse", "asap with a LoRA, checked by sail4j: refused before sending (%s)", local.violations().get(0));

        // The same request straight through the transport, past the client's checks: Sail's own answer.
        TextRequest raw = new TextRequest(TextRequest.Api.RESPONSES, MODEL, Optional.empty(),
                List.of(TextRequest.Message.user("Hi")), Optional.of(16), Optional.empty(), Optional.empty(),
                Optional.of(CompletionWindow.ASAP), Optional.of(lora), Map.of(), false, Map.of(), Optional.empty());
        SailApiException remote = refused(SailApiException.class, "an asap request with a LoRA",
                () -> Blocking.await(backend.generateText(raw)));
        step("refuse", "asap with a LoRA, sent to Sail anyway: %s", remote.getMessage());
    }

    private void refuseRank64(Sail sail, Path workDirectory) {
        Path wide = workDirectory.resolve(WIDE_NAME);
        SyntheticAdapter.kimi().rank(64).layers(1).modules("self_attn.q_a_proj").writeTo(wide);
        InvalidRequestException local = refused(InvalidRequestException.class, "a rank-64 adapter",
                () -> Blocking.await(sail.loras().register(RegisterLora.fromDirectory(wide).name(WIDE_NAME).models(MODEL).build())));
        List<Violation> violations = local.violations();
        step("refuse", "rank-64 adapter, checked by sail4j: refused before any upload (%s%s)", violations.get(0),
                violations.size() > 1 ? " and " + (violations.size() - 1) + " more" : "");

        // Uploaded and created without the client's preflight: Sail's validation is what refuses it.
        StoredFile config = Blocking.await(sail.files().upload(FileUpload.lora(wide.resolve(LocalAdapter.CONFIG_FILE))));
        StoredFile weights = Blocking.await(sail.files().upload(FileUpload.lora(wide.resolve(LocalAdapter.WEIGHTS_FILE))));
        Lora created = Blocking.await(sail.loras().create(CreateLora.of(LoraName.of(WIDE_NAME), List.of(MODEL), config.id(), weights.id())));
        ValidationOutcome outcome = awaitValidation(sail, created.ref(), new Progress(context, true));
        if (outcome.usable()) {
            throw new IllegalStateException("Sail validated a rank-64 adapter for " + MODEL + ", whose max rank is 32");
        }
        step("refuse", "rank-64 adapter, registered on Sail anyway: validation %s", Render.recordText(outcome.failures().get(0)));
    }

    private ValidationOutcome awaitValidation(Sail sail, LoraRef ref, Progress progress) {
        ValidationWait wait = ValidationWait.upTo(VALIDATION_WAIT).withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1), 1.5);
        try (Progress.Tracker ignored = progress.waiting("validating " + ref, VALIDATION_WAIT)) {
            return Blocking.await(sail.loras().awaitValidation(ref, wait));
        }
    }

    private void step(String label, String format, Object... args) {
        context.out().printf("%2d. %-9s %s%n", ++step, label, String.format(java.util.Locale.ROOT, format, args));
        context.out().flush();
    }

    /** The refusal a call must end in; the demo fails loudly if Sail's rule did not hold. */
    private static <E extends RuntimeException> E refused(Class<E> type, String what, Supplier<?> call) {
        try {
            call.get();
        } catch (RuntimeException e) {
            Throwable failure = CompletionFailures.unwrap(e);
            if (type.isInstance(failure)) {
                return type.cast(failure);
            }
            throw e;
        }
        throw new IllegalStateException(what + " was accepted, but Sail refuses it");
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
