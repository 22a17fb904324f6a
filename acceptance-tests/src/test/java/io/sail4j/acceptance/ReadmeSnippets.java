package io.sail4j.acceptance;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import io.sail4j.adapter.http.HttpSailBackend;
import io.sail4j.application.Sail;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.NotFoundException;
import io.sail4j.core.error.SailApiException;
import io.sail4j.core.error.SailTimeoutException;
import io.sail4j.core.error.TransportException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.LoraRef;
import io.sail4j.core.lora.LoraSource;
import io.sail4j.application.SailModule;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.ports.in.Blocking;
import io.sail4j.ports.in.Loras;
import io.sail4j.ports.in.PreflightReport;
import io.sail4j.ports.in.RegisterLora;
import io.sail4j.ports.in.Registration;
import io.sail4j.ports.in.ResponseRequest;
import io.sail4j.ports.in.TokenCompleter;
import io.sail4j.ports.in.TokenCompleterOptions;
import io.sail4j.ports.in.TokenCompleters;
import io.sail4j.ports.in.ValidationOutcome;
import io.sail4j.ports.in.ValidationWait;
import io.sail4j.ports.out.LoraSourceProvider;
import io.sail4j.ports.out.SailBackend;
import io.sail4j.ports.out.TextResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The code the README shows, compiled and run by {@link ReadmeSnippetsTest}, which also checks that
 * the README quotes each block (between a {@code // snippet:NAME} and a {@code // end} line) verbatim.
 * In production {@code backend} is {@code HttpSailBackend.fromEnv()} and {@code backendModule} is
 * {@code HttpBackendModule.fromEnv()}.
 */
final class ReadmeSnippets {
    private ReadmeSnippets() {
    }

    static List<SampledTokens> plainJava(SailBackend backend, Path adapterDir, int[] promptTokens) {
        // snippet:plain
        try (Sail sail = Sail.over(backend)) {
            // Refused in milliseconds, before any upload, if the adapter breaks a rule (rank, shapes, ...).
            Registration registration = Blocking.await(sail.loras().register(
                    RegisterLora.fromDirectory(adapterDir)
                            .name("funnier-v1")
                            .model("moonshotai/Kimi-K2.6")
                            .progress((sent, total) -> System.out.printf("uploaded %d of %d bytes%n", sent, total))
                            .awaitValidation(ValidationWait.upTo(Duration.ofMinutes(20)))
                            .build()));
            registration.warnings().forEach(warning -> System.out.println("warning: " + warning));
            ValidationOutcome validation = registration.validation().orElseThrow();
            if (!validation.usable()) {
                throw new IllegalStateException("validation failed: " + validation.failures());
            }

            TokenCompleter completer = sail.tokenCompleter(
                    TokenCompleterOptions.builder("moonshotai/Kimi-K2.6", 256)
                            .temperature(0.7)
                            .lora("funnier-v1")
                            .maxInFlight(512)      // optional: the rest queue, without a thread each
                            .build());
            List<CompletableFuture<SampledTokens>> rollouts = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                rollouts.add(completer.complete(ModelInput.of(promptTokens), StopCondition.string("\n")));
            }
            return rollouts.stream().map(Blocking::await).toList();
        }
        // end
    }

    static PreflightReport preflight(Sail sail, Path adapterDir) {
        // snippet:preflight
        PreflightReport report = sail.loras().preflight(adapterDir, List.of(ModelCatalog.KIMI_K2_6));
        report.errors().forEach(error -> System.out.println("error: " + error));
        // end
        return report;
    }

    static TextResult textWithLora(Sail sail) {
        // snippet:text
        TextResult reply = Blocking.await(sail.text().respond(
                ResponseRequest.builder("moonshotai/Kimi-K2.6")
                        .input("Tell me a joke about sailing")
                        .lora("funnier-v1")
                        .completionWindow("priority")
                        .maxOutputTokens(200)
                        .build()));
        System.out.println(reply.text());
        // end
        return reply;
    }

    static SampledTokens withGuice(Module backendModule, Path adapterDir, int[] promptTokens) {
        // snippet:guice
        Injector injector = Guice.createInjector(backendModule, new SailModule());
        Loras loras = injector.getInstance(Loras.class);
        Registration registration = Blocking.await(loras.register(
                RegisterLora.fromDirectory(adapterDir).name("funnier-v1").model("moonshotai/Kimi-K2.6").build()));
        ValidationOutcome validation = Blocking.await(loras.awaitValidation(
                registration.lora().ref(), ModelCatalog.KIMI_K2_6, ValidationWait.defaults()));

        TokenCompleter completer = injector.getInstance(TokenCompleters.class).create(
                TokenCompleterOptions.builder("moonshotai/Kimi-K2.6", 256).lora("funnier-v1").build());
        SampledTokens sample = completer.completeBlocking(ModelInput.of(promptTokens), StopCondition.tokens(163586));
        injector.getInstance(Sail.class).close();   // at shutdown: closes the backend too
        // end
        if (!validation.succeeded()) {
            throw new IllegalStateException(validation.toString());
        }
        return sample;
    }

    static HttpSailBackend configured(String apiKey, String baseUrl) {
        // snippet:configuration
        HttpSailBackend backend = HttpSailBackend.builder()
                .apiKey(apiKey)                                   // default: SAIL_API_KEY
                .baseUrl(baseUrl)                                 // default: SAIL_BASE_URL, else Sail's
                .maxRetries(6)                                    // 502/503/504, resets, timeouts; 429 with Retry-After
                .backoff(Duration.ofMillis(250), Duration.ofSeconds(20))   // exponential, full jitter
                .maxRetryAfter(Duration.ofSeconds(30))            // Sail's Retry-After is honoured up to this
                .uploadStallTimeout(Duration.ofMinutes(2))        // no byte moving for this long aborts an upload
                .build();
        // end
        return backend;
    }

    static String describeFailure(Sail sail, String loraName) {
        StringBuilder out = new StringBuilder();
        // snippet:errors
        try {
            Blocking.await(sail.loras().get(loraName));
        } catch (InvalidRequestException e) {       // refused by sail4j: nothing was sent
            e.violations().forEach(v -> out.append(v.field()).append(": ").append(v.rule()));
        } catch (NotFoundException e) {             // 404: no such LoRA in your organization
            out.append("not found (request ").append(e.requestId().orElse("-")).append(')');
        } catch (SailApiException e) {              // any other answer from Sail: status, type, code, request id
            out.append(e.status()).append(' ').append(e.code().orElse("")).append(e.retried() ? " after retries" : "");
        } catch (SailTimeoutException | TransportException e) {   // deadline passed, or the network failed after retries
            out.append("unreachable: ").append(e.getMessage());
        }
        // end
        return out.toString();
    }

    static SampledTokens withPromotedLora(SailBackend backend, int[] promptTokens) {
        // snippet:promoted
        Sail sail = Sail.builder(backend)
                .loraSourceProvider(new PromotedLoras(Map.of("production", "funnier-v1")))
                .build();
        TokenCompleter completer = sail.tokenCompleter(
                TokenCompleterOptions.builder("moonshotai/Kimi-K2.6", 256).loraLocator("alias:production").build());
        // end
        try (sail) {
            return completer.completeBlocking(ModelInput.of(promptTokens), StopCondition.none());
        }
    }

    // snippet:lorasource
    /** Resolves {@code alias:NAME} to the registered LoRA currently promoted under that alias. */
    static final class PromotedLoras implements LoraSourceProvider {
        private final Map<String, String> promoted;   // alias -> registered LoRA name

        PromotedLoras(Map<String, String> promoted) {
            this.promoted = Map.copyOf(promoted);
        }

        @Override
        public boolean handles(String locator) {
            return locator.startsWith("alias:");
        }

        @Override
        public CompletableFuture<LoraSource> resolve(String locator) {
            String lora = promoted.get(locator.substring("alias:".length()));
            if (lora == null) {
                return CompletableFuture.failedFuture(new InvalidRequestException(
                        Violation.of("lora_locator", "names no promoted LoRA", locator)));
            }
            return CompletableFuture.completedFuture(LoraSource.registered(LoraRef.parse(lora)));
        }
    }
    // end
}
