package io.sail4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.adapter.fake.EmulatorCounters;
import io.sail4j.adapter.fake.Fault;
import io.sail4j.adapter.fake.InMemorySail;
import io.sail4j.adapter.fake.SailEmulator;
import io.sail4j.adapter.http.HttpSailBackend;
import io.sail4j.application.Sail;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.ports.in.RegisterLora;
import io.sail4j.ports.in.Registration;
import io.sail4j.ports.in.TokenCompleter;
import io.sail4j.ports.in.TokenCompleterOptions;
import io.sail4j.ports.in.ValidationOutcome;
import io.sail4j.ports.in.ValidationWait;
import io.sail4j.ports.local.SyntheticAdapter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client under a fifth of all requests failing: 2,000 raw-token completions through the token
 * completer and 50 LoRA registrations through {@link Sail}, over {@link HttpSailBackend} against the
 * emulator injecting 503s, 429s with Retry-After, resets before processing, answers lost after
 * processing and slow answers on every route. Every call completes; the emulator created exactly one
 * object per logical call; and the tokens are those of the same requests on a fault-free Sail.
 */
class FaultSoakTest {
    static final int COMPLETIONS = 2_000;
    static final int REGISTRATIONS = 50;
    static final String API_KEY = "sk_reliability_soak";
    static final long SEED = 20_261_122L;

    static final FaultMix FAULTS = new FaultMix()
            .with(Fault.status(503), 0.05)
            .with(Fault.rateLimited(Duration.ofSeconds(1)), 0.04)
            .with(Fault.resetBeforeProcessing(), 0.04)
            .with(Fault.resetAfterProcessing(), 0.04)
            .with(Fault.slow(Duration.ofMillis(40)), 0.03);

    @TempDir
    Path tmp;

    /** One completion: prompt, stop condition and per-call token limit, all drawn from a seed. */
    record Prompt(ModelInput input, StopCondition stop, int maxTokens) {
    }

    static List<Prompt> prompts(long seed) {
        Random random = new Random(seed);
        List<Prompt> prompts = new ArrayList<>(COMPLETIONS);
        for (int i = 0; i < COMPLETIONS; i++) {
            int[] tokens = new int[1 + random.nextInt(48)];
            for (int t = 0; t < tokens.length; t++) {
                tokens[t] = random.nextInt(163_840);
            }
            StopCondition stop = switch (random.nextInt(3)) {
                case 0 -> StopCondition.none();
                case 1 -> StopCondition.strings("\n", "e");
                default -> StopCondition.tokens(32, 97 + random.nextInt(26));
            };
            prompts.add(new Prompt(ModelInput.of(tokens), stop, 1 + random.nextInt(24)));
        }
        return prompts;
    }

    static TokenCompleterOptions completerOptions() {
        return TokenCompleterOptions.builder(ModelCatalog.KIMI_K2_6.value(), 24).temperature(0.8).topP(0.95)
                .maxInFlight(256).timeout(Duration.ofSeconds(90)).build();
    }

    static List<CompletableFuture<SampledTokens>> completeAll(TokenCompleter completer, List<Prompt> prompts) {
        return prompts.stream().map(p -> completer.complete(p.input(), p.stop(), p.maxTokens())).toList();
    }

    static <T> List<T> joinAll(List<CompletableFuture<T>> calls) throws Exception {
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(150, TimeUnit.SECONDS);
        return calls.stream().map(CompletableFuture::join).toList();
    }

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void everyCallCompletesOnceAndSamplesWhatAFaultFreeSailSamples() throws Exception {
        List<Prompt> prompts = prompts(SEED);
        List<SampledTokens> faultFree;
        try (InMemorySail reference = InMemorySail.create(); Sail sail = Sail.over(reference.backend(API_KEY))) {
            faultFree = joinAll(completeAll(sail.tokenCompleter(completerOptions()), prompts));
        }

        Path adapter = SyntheticAdapter.kimi().writeTo(tmp.resolve("adapter")).directory();
        try (InMemorySail fake = InMemorySail.create(); SailEmulator emulator = SailEmulator.serving(fake)) {
            FAULTS.applyTo(emulator.faults().seed(SEED));
            // Retries and waits shortened for the test; what is retried, and how, is the production policy.
            HttpSailBackend backend = HttpSailBackend.builder().apiKey(API_KEY).baseUrl(emulator.baseUrl())
                    .maxRetries(12).backoff(Duration.ofMillis(1), Duration.ofMillis(40)).maxRetryAfter(Duration.ofMillis(15))
                    .build();
            List<Registration> registered;
            List<SampledTokens> sampled;
            try (Sail sail = Sail.over(backend)) {
                ValidationWait wait = ValidationWait.upTo(Duration.ofSeconds(90))
                        .withBackoff(Duration.ofMillis(5), Duration.ofMillis(100), 2.0);
                List<CompletableFuture<Registration>> registrations = new ArrayList<>();
                for (int i = 0; i < REGISTRATIONS; i++) {
                    registrations.add(sail.loras().register(RegisterLora.fromDirectory(adapter)
                            .name(String.format("soak-%02d", i)).models(ModelCatalog.KIMI_K2_6).awaitValidation(wait).build()));
                }
                List<CompletableFuture<SampledTokens>> completions = completeAll(sail.tokenCompleter(completerOptions()), prompts);
                sampled = joinAll(completions);
                registered = joinAll(registrations);
            }

            EmulatorCounters counters = emulator.counters();
            for (int i = 0; i < COMPLETIONS; i++) {
                assertEquals(faultFree.get(i), sampled.get(i), "completion " + i + " sampled what the fault-free run did");
            }
            assertTrue(sampled.stream().anyMatch(s -> s.length() > 1), "real samples, not empties");
            Set<String> fileIds = new HashSet<>();
            for (int i = 0; i < REGISTRATIONS; i++) {
                Registration registration = registered.get(i);
                assertEquals(String.format("soak-%02d", i), registration.lora().name().value());
                ValidationOutcome outcome = registration.validation().orElseThrow();
                assertEquals(ValidationOutcome.Matched.SUCCEEDED, outcome.matched(), registration.lora().name() + ": " + outcome);
                fileIds.add(registration.configFile().id().value());
                fileIds.add(registration.weightsFile().id().value());
            }

            String seen = counters.toString();
            assertEquals(COMPLETIONS, counters.created("response"), "one response per completion: " + seen);
            assertEquals(2L * REGISTRATIONS, counters.created("file"), "two files per registration: " + seen);
            assertEquals(REGISTRATIONS, counters.created("lora"), "one LoRA per registration: " + seen);
            assertEquals(2 * REGISTRATIONS, fileIds.size(), "each registration has files of its own");
            assertEquals(fileIds, new HashSet<>(fake.files(API_KEY).stream().map(f -> f.id().value()).toList()),
                    "the emulator holds exactly the registrations' files");

            long requests = counters.requests().values().stream().mapToLong(Long::longValue).sum();
            double faulted = (double) counters.faultsInjected() / requests;
            assertTrue(Math.abs(faulted - FAULTS.total()) < 0.03, "about 20% of " + requests + " requests faulted: " + seen);
            Map<String, Long> byKind = counters.faults();
            for (String kind : FAULTS.names()) {
                assertTrue(byKind.getOrDefault(kind, 0L) > 20, "fault " + kind + " was injected many times: " + byKind);
            }
            assertTrue(counters.idempotentReplays() > 0, "lost answers were replayed: " + seen);
            System.out.println("fault soak: " + seen);
        }
    }
}
