package io.sail4j.adapter.fake;

import io.sail4j.adapter.fake.internal.Caller;
import io.sail4j.adapter.fake.internal.InMemoryBackend;
import io.sail4j.adapter.fake.internal.SailState;
import io.sail4j.core.lora.FileId;
import io.sail4j.core.lora.ValidationStatus;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.ports.out.Page;
import io.sail4j.ports.out.PageRequest;
import io.sail4j.ports.out.SailBackend;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sail in memory: one shared state (organizations, files, LoRAs with their validations, responses,
 * idempotency keys) that enforces the same {@code core} rules the client checks, and raises the
 * same typed exceptions production does. {@link #backend(String)} gives a {@link SailBackend} acting
 * for one API key; {@link SailEmulator} serves the same state over HTTP.
 *
 * <p>By default every distinct API key is an organization of its own, validations and background
 * responses finish after a few milliseconds, and timestamps come from the system clock. A test that
 * wants to see each step builds the fake {@link Builder#manual() manual} and moves it along itself:
 * <pre>{@code
 * InMemorySail sail = InMemorySail.builder().manual().build();
 * SailBackend backend = sail.backend("sk_test");
 * // ... create a LoRA: its validation is pending
 * sail.startValidations();   // now running
 * sail.finishValidations();  // now succeeded, failed or unverified, as the adapter deserves
 * }</pre>
 */
public final class InMemorySail implements AutoCloseable {
    private final SailState state;

    private InMemorySail(SailState state) {
        this.state = state;
    }

    /** A fake with the defaults: built-in catalog, system clock, 5 ms validations and responses. */
    public static InMemorySail create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A backend acting for {@code apiKey}'s organization. Unknown keys are refused (401) only with {@link Builder#rejectUnknownKeys()}. */
    public SailBackend backend(String apiKey) {
        return new InMemoryBackend(state, apiKey);
    }

    /** The organization {@code apiKey} belongs to. */
    public String organizationOf(String apiKey) {
        return state.caller(apiKey).organization();
    }

    public ModelCatalog catalog() {
        return state.catalog();
    }

    public Clock clock() {
        return state.settings().clock();
    }

    /** Moves every pending validation to {@code running} now; returns how many moved. */
    public int startValidations() {
        return state.startValidations();
    }

    /**
     * Finishes every unfinished validation now, with the outcome its adapter deserves (or one queued
     * by {@link #failNextValidation}); returns how many finished.
     */
    public int finishValidations() {
        return state.finishValidations();
    }

    /** The next validation to finish fails with this {@code result_code} and {@code result_message}. */
    public void failNextValidation(String resultCode, String resultMessage) {
        state.forceNextValidation(ValidationStatus.FAILED,
                resultCode == null ? ValidationResultCodes.FORCED_FAILURE : resultCode, resultMessage);
    }

    /** The next validation to finish ends with {@code status} (succeeded, failed or unverified) whatever its adapter. */
    public void nextValidationOutcome(ValidationStatus status, String resultCode, String resultMessage) {
        state.forceNextValidation(status, resultCode, resultMessage);
    }

    /** Moves every pending background response to {@code running} now. */
    public int startResponses() {
        return state.startResponses();
    }

    /** Finishes every unfinished background response now; returns how many finished. */
    public int finishResponses() {
        return state.finishResponses();
    }

    /** The next response to finish fails with this {@code error.code} and message. */
    public void failNextResponse(String code, String message) {
        state.failNextResponse(code, message);
    }

    /**
     * Blocks until at least {@code count} background responses are unfinished (a request sent from
     * another thread, or over HTTP, has arrived); false when {@code timeout} passes first.
     */
    public boolean awaitUnfinishedResponses(int count, Duration timeout) throws InterruptedException {
        return state.awaitUnfinishedResponses(count, timeout);
    }

    /** Objects created so far, per kind: {@code file}, {@code lora}, {@code response}. */
    public Map<String, Long> createdCounts() {
        return state.createdCounts();
    }

    /** A file as the fake holds it: the size and SHA-256 of the bytes it received. */
    public record HeldFile(FileId id, String filename, String purpose, long bytes, String sha256) {
    }

    /**
     * The files {@code apiKey}'s organization holds now, oldest first. Only a completely received
     * upload is ever held: one that broke off midway leaves nothing here.
     */
    public List<HeldFile> files(String apiKey) {
        Caller caller = state.caller(apiKey);
        List<HeldFile> held = new ArrayList<>();
        Optional<String> after = Optional.empty();
        Page<SailState.FileObject> page;
        do {
            page = state.listFiles(caller, PageRequest.MAX_LIMIT, after);
            for (SailState.FileObject file : page.data()) {
                held.add(new HeldFile(file.id(), file.filename(), file.purpose(), file.content().size(), file.content().sha256()));
                after = Optional.of(file.id().value());
            }
        } while (page.hasMore());
        return held;
    }

    /** Requests answered by replaying an earlier one with the same idempotency key. */
    public long idempotentReplays() {
        return state.replays();
    }

    /** Tinker checkpoint archives downloaded (each URL once, while it works). */
    public int checkpointDownloads() {
        return state.checkpointDownloads();
    }

    SailState state() {
        return state;
    }

    /** Stops the fake's timer and worker threads. Idempotent. */
    @Override
    public void close() {
        state.close();
    }

    @Override
    public String toString() {
        return "InMemorySail" + state.createdCounts();
    }

    /** Configuration; every setting has a default. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private ModelCatalog catalog = ModelCatalog.builtIn();
        private final Map<String, String> organizations = new LinkedHashMap<>();
        private boolean rejectUnknownKeys;
        private Duration validationDelay = Duration.ofMillis(5);
        private Duration responseDelay = Duration.ofMillis(5);
        private boolean manualValidations;
        private boolean manualResponses;
        private int workerThreads = 4;
        private HttpClient checkpointClient;

        private Builder() {
        }

        /** Where timestamps come from (e.g. a {@link ManualClock}); delays are always real time. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The models served; default {@link ModelCatalog#builtIn()}. */
        public Builder catalog(ModelCatalog value) {
            this.catalog = Objects.requireNonNull(value, "catalog");
            return this;
        }

        /** These API keys belong to one organization (so they share LoRAs and files). */
        public Builder organization(String organization, String... apiKeys) {
            Objects.requireNonNull(organization, "organization");
            for (String key : apiKeys) {
                organizations.put(Objects.requireNonNull(key, "apiKey"), organization);
            }
            return this;
        }

        /** Answer 401 to keys not given to {@link #organization}; by default any key is an organization of its own. */
        public Builder rejectUnknownKeys() {
            this.rejectUnknownKeys = true;
            return this;
        }

        /** A validation runs after half of this and finishes after all of it. Default 5 ms. */
        public Builder validationDelay(Duration value) {
            this.validationDelay = positive(value, "validationDelay");
            return this;
        }

        /** A background response runs after half of this and finishes after all of it. Default 5 ms. */
        public Builder responseDelay(Duration value) {
            this.responseDelay = positive(value, "responseDelay");
            return this;
        }

        /** Validations stay pending until {@link #startValidations()} / {@link #finishValidations()}. */
        public Builder manualValidations() {
            this.manualValidations = true;
            return this;
        }

        /** Background responses stay pending until {@link #startResponses()} / {@link #finishResponses()}. */
        public Builder manualResponses() {
            this.manualResponses = true;
            return this;
        }

        /** Both validations and background responses move only when the test says so. */
        public Builder manual() {
            return manualValidations().manualResponses();
        }

        /** Threads that finish validations and responses and read uploads. Default 4. */
        public Builder workerThreads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("workerThreads must be at least 1");
            }
            this.workerThreads = value;
            return this;
        }

        /** The client that downloads Tinker checkpoint archives; default a JDK client following redirects. */
        public Builder checkpointClient(HttpClient value) {
            this.checkpointClient = Objects.requireNonNull(value, "checkpointClient");
            return this;
        }

        public InMemorySail build() {
            HttpClient client = checkpointClient != null ? checkpointClient : HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();
            return new InMemorySail(new SailState(new SailState.Settings(clock, catalog, organizations, rejectUnknownKeys,
                    validationDelay, manualValidations, responseDelay, manualResponses, workerThreads, client)));
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be zero or positive");
            }
            return value;
        }
    }
}
