package io.sail4j.reliability;

import io.sail4j.adapter.fake.Fault;
import io.sail4j.adapter.fake.InMemorySail;
import io.sail4j.adapter.fake.SailEmulator;
import io.sail4j.adapter.http.HttpSailBackend;
import io.sail4j.adapter.tinker.TinkerRestCheckpoints;
import io.sail4j.application.Sail;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.SailApiException;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.core.tinker.SignedCheckpointUrl;
import io.sail4j.core.tinker.TinkerPath;
import io.sail4j.ports.in.Blocking;
import io.sail4j.ports.in.RegisterLora;
import io.sail4j.ports.in.ResponseRequest;
import io.sail4j.ports.in.TokenCompleter;
import io.sail4j.ports.in.TokenCompleterOptions;
import io.sail4j.ports.in.ValidationWait;
import io.sail4j.ports.local.SyntheticAdapter;
import io.sail4j.ports.out.FileUpload;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a user's flows with secrets that are easy to spot -- a Sail API key, a Tinker API key and a
 * signed URL's query, all containing {@value #MARK} -- and prints every outcome: each flow's result
 * line, and for each failure the exception's message, {@code toString}, fields and full stack trace
 * (causes and suppressed included). Run in a JVM of its own with sail4j logging at trace, so that
 * everything it and the libraries log lands in the same captured output, which
 * {@link SecretsStayHiddenTest} searches for the mark.
 *
 * <p>Argument: a working directory.
 */
public final class SecretFlowsMain {
    static final String MARK = "SENTINEL";
    static final String API_KEY = "sk_SENTINEL_sail_key_7f3a9c01";
    static final String TINKER_KEY = "tml-SENTINEL-tinker-key-41b2";
    static final String SIGNATURE_QUERY = "X-Amz-Signature=SENTINEL0signature0c0ffee&X-Amz-Expires=900";
    static final ModelCatalog CATALOG = ModelCatalog.builtIn();

    private final Path work;

    private SecretFlowsMain(Path work) {
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        new SecretFlowsMain(Path.of(args[0])).run();
        System.out.println("ALL FLOWS RAN");
        System.out.flush();
        // Daemon threads of the servers and clients need no waiting for.
        System.exit(0);
    }

    private void run() throws Exception {
        Map<String, Object> adapterConfig = SyntheticAdapter.kimi().config();
        Path adapter = SyntheticAdapter.kimi().writeTo(work.resolve("adapter")).directory();
        try (TinkerStandIn tinker = new TinkerStandIn(work, TINKER_KEY, SIGNATURE_QUERY);
             InMemorySail fake = InMemorySail.builder().organization("org-secrets", API_KEY).rejectUnknownKeys()
                     .responseDelay(Duration.ofMillis(2)).build();
             SailEmulator emulator = SailEmulator.serving(fake);
             TinkerRestCheckpoints checkpoints = TinkerRestCheckpoints.builder().apiKey(TINKER_KEY).baseUrl(tinker.baseUrl())
                     .maxRetries(1).retryBackoff(Duration.ofMillis(5), Duration.ofMillis(10)).deadline(Duration.ofSeconds(20)).build();
             Sail sail = Sail.builder(backend(emulator.baseUrl().toString(), 6)).checkpointUrlSource(checkpoints).build()) {

            show("backend", sail, checkpoints, backend(emulator.baseUrl().toString(), 0).config(),
                    HttpSailBackend.builder().apiKey(API_KEY), SignedCheckpointUrl.of(tinker.signedUrl("step-7"), Instant.now()));

            TokenCompleter fromCheckpoint = sail.tokenCompleter(TokenCompleterOptions.builder(ModelCatalog.KIMI_K2_6.value(), 6)
                    .tinkerCheckpoint("tinker://run-7/sampler_weights/step-7").checkpointTtl(Duration.ofHours(2))
                    .adapterConfig(adapterConfig).tinkerLoraName("step-7").timeout(Duration.ofSeconds(30)).build());
            show("completer", fromCheckpoint, fromCheckpoint.options());
            flow("tinker checkpoint completion", () -> fromCheckpoint.complete(ModelInput.of(1, 2, 3), StopCondition.none()));

            TokenCompleter fromSignedUrl = sail.tokenCompleter(TokenCompleterOptions.builder(ModelCatalog.KIMI_K2_6.value(), 6)
                    .tinkerLoraSignedUrl(tinker.signedUrl("step-8")).adapterConfig(adapterConfig).build());
            show("completer", fromSignedUrl);
            flow("signed URL completion", () -> fromSignedUrl.complete(ModelInput.of(4, 5), "\n"));

            TokenCompleter revoked = sail.tokenCompleter(TokenCompleterOptions.builder(ModelCatalog.KIMI_K2_6.value(), 6)
                    .tinkerCheckpoint("tinker://run-7/sampler_weights/" + TinkerStandIn.REVOKED).adapterConfig(adapterConfig)
                    .build());
            flow("revoked signed URL completion", () -> revoked.complete(ModelInput.of(1), StopCondition.none()));

            flow("Tinker refusing the key", () -> checkpoints.signedUrl(TinkerPath.parse("tinker://" + TinkerStandIn.LOCKED_RUN
                    + "/sampler_weights/step-1"), Optional.of(Duration.ofHours(1))));

            flow("Tinker error naming a signed URL", () -> checkpoints.signedUrl(TinkerPath.parse("tinker://run-7/sampler_weights/"
                    + TinkerStandIn.GONE), Optional.empty()));

            flow("registration", () -> sail.loras().register(RegisterLora.fromDirectory(adapter).name("secret-flows")
                    .models(ModelCatalog.KIMI_K2_6).awaitValidation(ValidationWait.upTo(Duration.ofSeconds(30))
                            .withBackoff(Duration.ofMillis(5), Duration.ofMillis(50), 2.0)).build()));

            emulator.faults().next(2, "POST /v1/responses", Fault.status(503))
                    .next(1, "POST /v1/responses", Fault.rateLimited(Duration.ofSeconds(1)))
                    .next(1, "POST /v1/responses", Fault.resetAfterProcessing())
                    .next(1, "GET /v1/responses/{id}", Fault.status(502))
                    .next(1, "POST /v1/files", Fault.resetMidBody(2048));
            flow("completion retried through injected faults", () -> fromSignedUrl.complete(ModelInput.of(9, 9, 9), StopCondition.none()));
            flow("upload retried after a reset mid-body", () -> sail.files().upload(FileUpload.lora(adapter.resolve("adapter_model.safetensors"))));

            emulator.faults().always("GET /v1/models", Fault.resetBeforeProcessing());
            try (Sail oneRetry = Sail.over(backend(emulator.baseUrl().toString(), 1))) {
                flow("transport failure: connection reset", oneRetry::refreshCatalog);
            }
            emulator.faults().clear();

            try (Sail refused = Sail.over(backend(closedPortUrl(), 1))) {
                flow("transport failure: connection refused", () -> refused.loras().get("secret-flows"));
            }

            try (InMemorySail strict = InMemorySail.builder().rejectUnknownKeys().build();
                 SailEmulator other = SailEmulator.serving(strict);
                 Sail unknownKey = Sail.over(backend(other.baseUrl().toString(), 1))) {
                flow("401 for an unknown key", () -> unknownKey.loras().get("secret-flows"));
            }

            try (AnswerServer echo = new AnswerServer(); Sail echoed = Sail.builder(backend(echo.baseUrl().toString(), 1))
                    .checkpointUrlSource(checkpoints).build()) {
                echo.on("GET /v1/loras/", AnswerServer.Answer.json(401, "{\"error\":{\"message\":\"invalid key " + API_KEY
                        + " (Authorization: Bearer " + API_KEY + ")\",\"type\":\"authentication_error\",\"param\":\"" + API_KEY + "\"}}"));
                echo.on("POST /v1/responses", AnswerServer.Answer.json(400, "{\"error\":{\"message\":\"cannot fetch "
                        + tinker.signedUrl("step-8") + "\",\"type\":\"invalid_request_error\",\"param\":\""
                        + tinker.signedUrl("step-8") + "\"}}"));
                flow("401 echoing the key", () -> echoed.loras().get("secret-flows"));
                TokenCompleter echoedCompleter = echoed.tokenCompleter(TokenCompleterOptions.builder(ModelCatalog.KIMI_K2_6.value(), 4)
                        .tinkerLoraSignedUrl(tinker.signedUrl("step-8")).adapterConfig(adapterConfig).build());
                flow("400 echoing the signed URL", () -> echoedCompleter.complete(ModelInput.of(1), StopCondition.none()));
            }

            try (InMemorySail manual = InMemorySail.builder().organization("org-secrets", API_KEY).manualResponses().build();
                 SailEmulator slow = SailEmulator.serving(manual);
                 Sail waiting = Sail.over(backend(slow.baseUrl().toString(), 1))) {
                TokenCompleter late = waiting.tokenCompleter(TokenCompleterOptions.builder(ModelCatalog.KIMI_K2_6.value(), 4)
                        .tinkerLoraSignedUrl(tinker.signedUrl("step-8")).adapterConfig(adapterConfig)
                        .timeout(Duration.ofMillis(300)).build());
                flow("timeout of a call with a signed URL", () -> late.complete(ModelInput.of(1), StopCondition.none()));
            }

            flow("API key that is not printable", () -> {
                HttpSailBackend.builder().apiKey(API_KEY + " \n").baseUrl(emulator.baseUrl()).build();
                return CompletableFuture.completedFuture(null);
            });
            flow("Tinker key that is not printable", () -> {
                TinkerRestCheckpoints.builder().apiKey(TINKER_KEY + "\t").baseUrl(tinker.baseUrl()).build();
                return CompletableFuture.completedFuture(null);
            });
            flow("base URL carrying the key over plain http", () -> {
                HttpSailBackend.builder().apiKey(API_KEY).baseUrl("http://org:" + API_KEY + "@sail.example/v1?key=" + API_KEY).build();
                return CompletableFuture.completedFuture(null);
            });
            flow("Tinker base URL carrying the key", () -> {
                TinkerRestCheckpoints.builder().apiKey(TINKER_KEY).baseUrl("ftp://" + TINKER_KEY + "@tinker.example/?k=" + TINKER_KEY).build();
                return CompletableFuture.completedFuture(null);
            });
            flow("signed URL as a text request's metadata", () -> sail.text().respond(ResponseRequest.builder(ModelCatalog.KIMI_K2_6)
                    .input("hi").metadata("tinker_lora_signed_url", tinker.signedUrl("step-8")).build()));

            System.out.println("tinker calls with the key: " + tinker.callsWithTheKey.get());
            System.out.println("archives served with the signature: " + tinker.archivesServed.get());
            System.out.println("sail objects created with the key: " + fake.createdCounts());
        }
    }

    static HttpSailBackend backend(String baseUrl, int retries) {
        return HttpSailBackend.builder().apiKey(API_KEY).baseUrl(baseUrl).maxRetries(retries)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(10)).maxRetryAfter(Duration.ofMillis(10))
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    static String closedPortUrl() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
        }
    }

    /** Runs a flow to its end and prints its outcome; a failure is printed in every form it can be read in. */
    private void flow(String name, Callable<CompletableFuture<?>> call) {
        Object outcome;
        try {
            outcome = call.call().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable failure = Blocking.unwrap(e);
            System.out.println("FLOW " + name + ": " + failure.getClass().getSimpleName());
            print(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
            System.out.println("  stack trace:");
            failure.printStackTrace(System.out);
            return;
        }
        System.out.println("FLOW " + name + ": ok (" + outcome + ")");
    }

    private static void print(Throwable failure, Set<Throwable> seen) {
        if (failure == null || !seen.add(failure)) {
            return;
        }
        System.out.println("  message: " + failure.getMessage());
        System.out.println("  localized: " + failure.getLocalizedMessage());
        System.out.println("  toString: " + failure);
        if (failure instanceof SailApiException api) {
            System.out.println("  error: " + api.error() + " param=" + api.param());
        }
        if (failure instanceof InvalidRequestException invalid) {
            System.out.println("  violations: " + invalid.violations());
        }
        print(failure.getCause(), seen);
        for (Throwable suppressed : failure.getSuppressed()) {
            print(suppressed, seen);
        }
    }

    private static void show(String what, Object... values) {
        for (Object value : values) {
            System.out.println("SHOW " + what + ": " + value);
        }
    }
}
