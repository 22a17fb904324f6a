package io.sail4j.adapter.fake.internal;

import io.sail4j.core.error.ApiError;
import io.sail4j.core.error.ApiErrors;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.ResponseFailedException;
import io.sail4j.core.error.SailApiException;
import io.sail4j.core.error.Violation;
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
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.model.ModelId;
import io.sail4j.core.rules.AdapterRules;
import io.sail4j.core.rules.FileRules;
import io.sail4j.core.error.Findings;
import io.sail4j.core.rules.RequestRules;
import io.sail4j.core.rules.ValidationRules;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.SamplingParams;
import io.sail4j.core.tinker.SignedCheckpointUrl;
import io.sail4j.ports.local.PeftJson;
import io.sail4j.ports.out.Page;
import io.sail4j.ports.out.StoredFile;
import io.sail4j.ports.out.UpdateLora;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The whole fake Sail: organizations, files, LoRAs with their validations, responses, idempotency
 * keys, and the clock that moves them along. Every rule comes from {@code core}; every refusal is the
 * {@link SailApiException} production would raise. Thread-safe: creates and updates take one lock,
 * responses live in a concurrent map so polling never waits on it.
 */
public final class SailState implements AutoCloseable {
    /** Default {@code max_output_tokens} on the raw-token path and for text. */
    public static final int DEFAULT_MAX_TOKENS = 16;
    public static final int DEFAULT_TEXT_TOKENS = 256;
    /** Purposes a file may be uploaded for. */
    public static final Set<String> PURPOSES = Set.of(FileRules.PURPOSE_LORA, "batch");

    /** How the fake is configured (see {@code InMemorySail.Builder}). */
    public record Settings(Clock clock, ModelCatalog catalog, Map<String, String> organizationsByKey,
                           boolean rejectUnknownKeys, Duration validationDelay, boolean manualValidations,
                           Duration responseDelay, boolean manualResponses, int workerThreads,
                           java.net.http.HttpClient checkpointClient) {
        public Settings {
            organizationsByKey = Map.copyOf(organizationsByKey);
        }
    }

    /** A stored file and what was kept of its bytes. */
    public record FileObject(FileId id, String organization, String filename, String purpose, Instant createdAt,
                             FileContent content) {
        public StoredFile toStoredFile() {
            return new StoredFile(id, filename, content.size(), purpose, createdAt);
        }
    }

    /** {@code POST /v1/loras}, already past the name and id syntax checks. */
    public record LoraSpec(LoraName name, List<ModelId> supportedModels, FileId configFileId, FileId weightsFileId,
                           Optional<String> description, Optional<String> displayName) {
        public LoraSpec {
            supportedModels = List.copyOf(supportedModels);
        }
    }

    private record LoraEntry(String organization, Lora lora, FileContent config, FileContent weights) {
    }

    private record IdempotencyScope(String organization, String keyDigest, String key) {
    }

    private record IdempotencyEntry(String fingerprint, String objectId) {
    }

    private record Forced(ValidationStatus status, String code, String message) {
    }

    private final Settings settings;
    private final Object lock = new Object();
    private final Map<FileId, FileObject> files = new LinkedHashMap<>();
    private final Map<UUID, LoraEntry> loras = new LinkedHashMap<>();
    private final Map<IdempotencyScope, IdempotencyEntry> idempotency = new HashMap<>();
    private final Map<String, ResponseObject> responses = new ConcurrentHashMap<>();
    private final Map<String, AdapterValidator.Verdict> verdicts = new ConcurrentHashMap<>();
    private final Deque<Forced> forcedValidations = new ArrayDeque<>();
    private final Deque<Forced> forcedResponses = new ArrayDeque<>();
    private final Map<String, AtomicLong> created = new ConcurrentHashMap<>();
    private final AtomicLong replays = new AtomicLong();
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;
    private final CheckpointCache checkpoints;

    public SailState(Settings settings) {
        this.settings = settings;
        ScheduledThreadPoolExecutor scheduled = new ScheduledThreadPoolExecutor(2, daemon("sail-fake-timer"));
        scheduled.setRemoveOnCancelPolicy(true);
        this.timer = scheduled;
        this.workers = Executors.newFixedThreadPool(settings.workerThreads(), daemon("sail-fake-worker"));
        this.checkpoints = new CheckpointCache(settings.checkpointClient(), Duration.ofSeconds(30));
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    public Settings settings() {
        return settings;
    }

    public ModelCatalog catalog() {
        return settings.catalog();
    }

    public Instant now() {
        return settings.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** Runs blocking work (uploads read from disk) off the caller's thread. */
    public ExecutorService workers() {
        return workers;
    }

    public ScheduledExecutorService timer() {
        return timer;
    }

    static SailApiException api(ApiError error) {
        return SailApiException.forError(error);
    }

    // ---------------------------------------------------------------- organizations

    /** The caller for an API key: its organization (configured, or one of its own) and key digest. */
    public Caller caller(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw api(ApiErrors.unauthenticated("missing API key: send Authorization: Bearer <key>"));
        }
        String organization = settings.organizationsByKey().get(apiKey);
        if (organization == null) {
            if (settings.rejectUnknownKeys()) {
                throw api(ApiErrors.unauthenticated("invalid API key"));
            }
            organization = "org-" + Digests.sha256Hex("org|" + apiKey).substring(0, 16);
        }
        return new Caller(organization, Digests.sha256Hex("key|" + apiKey));
    }

    // ---------------------------------------------------------------- idempotency

    private <T> Outcome<T> idempotent(Caller caller, Optional<String> key, String fingerprint, String kind,
                                      Supplier<T> create, Function<String, T> lookup, Function<T, String> idOf) {
        key.flatMap(ApiErrors::idempotencyKeyViolation).ifPresent(v -> {
            throw api(ApiErrors.invalidRequest(v));
        });
        synchronized (lock) {
            IdempotencyScope scope = key.map(k -> new IdempotencyScope(caller.organization(), caller.keyDigest(), k)).orElse(null);
            if (scope != null) {
                IdempotencyEntry entry = idempotency.get(scope);
                if (entry != null) {
                    if (!entry.fingerprint().equals(fingerprint)) {
                        throw api(ApiErrors.idempotencyKeyReused());
                    }
                    replays.incrementAndGet();
                    return new Outcome<>(lookup.apply(entry.objectId()), true);
                }
            }
            // refusals below throw before the key is stored, so a refused request leaves the key free
            T value = create.get();
            if (scope != null) {
                idempotency.put(scope, new IdempotencyEntry(fingerprint, idOf.apply(value)));
            }
            created.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
            lock.notifyAll();
            return new Outcome<>(value, false);
        }
    }

    /** Objects created per kind ({@code file}, {@code lora}, {@code response}). */
    public Map<String, Long> createdCounts() {
        Map<String, Long> counts = new TreeMap<>();
        created.forEach((k, v) -> counts.put(k, v.get()));
        return counts;
    }

    public long replays() {
        return replays.get();
    }

    public int checkpointDownloads() {
        return checkpoints.downloads();
    }

    // ---------------------------------------------------------------- files

    public Outcome<FileObject> registerFile(Caller caller, String filename, String purpose, FileContent content,
                                           Optional<String> key) {
        Findings.Collector found = new Findings.Collector();
        if (filename == null || filename.isBlank()) {
            found.error("file", "must carry a filename");
        }
        if (purpose == null || !PURPOSES.contains(purpose)) {
            found.error("purpose", "must be \"" + FileRules.PURPOSE_LORA + "\"", purpose);
        }
        if (found.errorCount() > 0) {
            throw api(ApiErrors.invalidRequest(found.findings().errors()));
        }
        String fingerprint = "POST /v1/files|" + filename + "|" + purpose + "|" + content.sha256();
        return idempotent(caller, key, fingerprint, "file", () -> {
            FileObject file = new FileObject(FileId.of("file-" + random(24)), caller.organization(), filename, purpose,
                    now(), content);
            files.put(file.id(), file);
            return file;
        }, id -> getFile(caller, FileId.of(id)), f -> f.id().value());
    }

    public FileObject getFile(Caller caller, FileId id) {
        synchronized (lock) {
            FileObject file = files.get(id);
            if (file == null || !file.organization().equals(caller.organization())) {
                throw api(ApiErrors.fileNotFound(id.value()));
            }
            return file;
        }
    }

    public FileObject deleteFile(Caller caller, FileId id) {
        synchronized (lock) {
            FileObject file = getFile(caller, id);
            files.remove(id);
            return file;
        }
    }

    public Page<FileObject> listFiles(Caller caller, int limit, Optional<String> after) {
        synchronized (lock) {
            List<FileObject> mine = files.values().stream().filter(f -> f.organization().equals(caller.organization())).toList();
            return page(mine, limit, after, f -> f.id().value());
        }
    }

    private static <T> Page<T> page(List<T> all, int limit, Optional<String> after, Function<T, String> idOf) {
        int start = 0;
        if (after.isPresent()) {
            int at = -1;
            for (int i = 0; i < all.size(); i++) {
                if (idOf.apply(all.get(i)).equals(after.get())) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                throw api(ApiErrors.invalidRequest(Violation.of("after", "must be the id of an object in this list", after.get())));
            }
            start = at + 1;
        }
        int end = Math.min(all.size(), start + limit);
        return new Page<>(all.subList(start, end), end < all.size());
    }

    // ---------------------------------------------------------------- models

    public List<BaseModel> models() {
        return List.copyOf(settings.catalog().models());
    }

    /** Each listed model must be known and take LoRAs; duplicates collapse. */
    private List<ModelId> checkLoraModels(List<ModelId> models) {
        Findings.Collector found = new Findings.Collector();
        if (models.isEmpty()) {
            found.error("supported_models", "must list at least one model");
        }
        for (int i = 0; i < models.size(); i++) {
            String field = "supported_models[" + i + "]";
            try {
                BaseModel model = settings.catalog().require(models.get(i), field);
                RequestRules.checkLoraModel(model).errors()
                        .forEach(v -> found.error(new Violation(field, v.rule(), v.value())));
            } catch (InvalidRequestException e) {
                e.violations().forEach(found::error);
            }
        }
        if (found.errorCount() > 0) {
            throw api(ApiErrors.invalidRequest(found.findings().errors()));
        }
        return List.copyOf(new LinkedHashSet<>(models));
    }

    // ---------------------------------------------------------------- LoRAs

    public Outcome<Lora> createLora(Caller caller, LoraSpec spec, Optional<String> key, String fingerprint) {
        return idempotent(caller, key, fingerprint, "lora", () -> {
            List<ModelId> models = checkLoraModels(spec.supportedModels());
            FileObject config = getFile(caller, spec.configFileId());
            FileObject weights = getFile(caller, spec.weightsFileId());
            if (findByName(caller.organization(), spec.name().value()) != null) {
                throw api(ApiErrors.loraNameTaken(spec.name().value()));
            }
            Instant now = now();
            List<ValidationRecord> records = models.stream()
                    .map(m -> ValidationRecord.pending(validationId(), m, now)).toList();
            Lora lora = new Lora(UUID.randomUUID(), spec.name(), spec.displayName(), spec.description(), models,
                    spec.configFileId(), spec.weightsFileId(), now, records);
            loras.put(lora.id(), new LoraEntry(caller.organization(), lora, config.content(), weights.content()));
            records.forEach(r -> scheduleValidation(lora.id(), r.id()));
            return lora;
        }, id -> getLora(caller, id), l -> l.id().toString());
    }

    /** The canonical form of a create command, for in-memory idempotency comparisons. */
    public static String fingerprint(LoraSpec spec) {
        return "POST /v1/loras|" + spec.name() + "|" + spec.supportedModels() + "|" + spec.configFileId() + "|"
                + spec.weightsFileId() + "|" + spec.description() + "|" + spec.displayName();
    }

    private LoraEntry findByName(String organization, String name) {
        for (LoraEntry entry : loras.values()) {
            if (entry.organization().equals(organization) && entry.lora().name().value().equals(name)) {
                return entry;
            }
        }
        return null;
    }

    private LoraEntry find(Caller caller, String nameOrId) {
        LoraRef ref;
        try {
            ref = LoraRef.parse(nameOrId);
        } catch (InvalidRequestException e) {
            throw api(ApiErrors.loraNotFound(nameOrId));
        }
        LoraEntry entry = ref instanceof LoraRef.ById byId ? loras.get(byId.id()) : findByName(caller.organization(), ref.value());
        if (entry == null || !entry.organization().equals(caller.organization())) {
            throw api(ApiErrors.loraNotFound(nameOrId));
        }
        return entry;
    }

    public Lora getLora(Caller caller, String nameOrId) {
        synchronized (lock) {
            return find(caller, nameOrId).lora();
        }
    }

    public Page<Lora> listLoras(Caller caller, int limit, Optional<String> after) {
        synchronized (lock) {
            List<Lora> mine = loras.values().stream().filter(e -> e.organization().equals(caller.organization()))
                    .map(LoraEntry::lora).toList();
            return page(mine, limit, after, l -> l.id().toString());
        }
    }

    public Lora updateLora(Caller caller, String nameOrId, UpdateLora update) {
        synchronized (lock) {
            LoraEntry entry = find(caller, nameOrId);
            Lora before = entry.lora();
            List<ModelId> models = update.supportedModels().isPresent()
                    ? checkLoraModels(update.supportedModels().get()) : before.supportedModels();
            Instant now = now();
            List<ValidationRecord> records = new ArrayList<>(before.validations());
            List<ValidationRecord> added = ValidationRules.modelsToValidate(before.supportedModels(), before.validations(), models)
                    .stream().map(m -> ValidationRecord.pending(validationId(), m, now)).toList();
            records.addAll(added);
            Lora after = new Lora(before.id(), before.name(),
                    update.displayName().isPresent() ? update.displayName() : before.displayName(),
                    update.description().isPresent() ? update.description() : before.description(),
                    models, before.configFileId(), before.weightsFileId(), before.createdAt(), records);
            loras.put(after.id(), new LoraEntry(entry.organization(), after, entry.config(), entry.weights()));
            added.forEach(r -> scheduleValidation(after.id(), r.id()));
            return after;
        }
    }

    public Lora deleteLora(Caller caller, String nameOrId) {
        synchronized (lock) {
            LoraEntry entry = find(caller, nameOrId);
            loras.remove(entry.lora().id());
            return entry.lora();
        }
    }

    // ---------------------------------------------------------------- validations

    private void scheduleValidation(UUID loraId, String validationId) {
        if (settings.manualValidations()) {
            return;
        }
        long delay = settings.validationDelay().toNanos();
        timer.schedule(() -> startValidation(loraId, validationId), delay / 2, TimeUnit.NANOSECONDS);
        timer.schedule(() -> workers.execute(() -> finishValidation(loraId, validationId)), delay, TimeUnit.NANOSECONDS);
    }

    private boolean startValidation(UUID loraId, String validationId) {
        synchronized (lock) {
            return replaceRecord(loraId, validationId, r -> r.status() == ValidationStatus.PENDING ? r.running(now()) : null);
        }
    }

    private boolean finishValidation(UUID loraId, String validationId) {
        LoraEntry entry;
        ValidationRecord record;
        synchronized (lock) {
            entry = loras.get(loraId);
            record = entry == null ? null : entry.lora().validations().stream()
                    .filter(r -> r.id().equals(validationId)).findFirst().orElse(null);
            if (record == null || record.isFinished()) {
                return false;
            }
        }
        BaseModel model = settings.catalog().find(record.model()).orElseThrow();
        AdapterValidator.Verdict natural = verdicts.computeIfAbsent(
                entry.config().sha256() + "|" + entry.weights().sha256() + "|" + model.id(),
                k -> AdapterValidator.validate(entry.config(), entry.weights(), model));
        synchronized (lock) {
            LoraEntry current = loras.get(loraId);
            boolean open = current != null && current.lora().validations().stream()
                    .anyMatch(r -> r.id().equals(validationId) && !r.isFinished());
            if (!open) {
                return false;
            }
            Forced forced = forcedValidations.poll();
            ValidationStatus status = forced != null ? forced.status() : natural.status();
            String code = forced != null ? forced.code() : natural.code();
            String message = forced != null ? forced.message() : natural.message();
            return replaceRecord(loraId, validationId, r -> r.finished(status, code, message, now()));
        }
    }

    private boolean replaceRecord(UUID loraId, String validationId, Function<ValidationRecord, ValidationRecord> change) {
        LoraEntry entry = loras.get(loraId);
        if (entry == null) {
            return false;
        }
        Lora lora = entry.lora();
        List<ValidationRecord> records = new ArrayList<>(lora.validations());
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).id().equals(validationId)) {
                ValidationRecord next = change.apply(records.get(i));
                if (next == null) {
                    return false;
                }
                records.set(i, next);
                Lora updated = new Lora(lora.id(), lora.name(), lora.displayName(), lora.description(), lora.supportedModels(),
                        lora.configFileId(), lora.weightsFileId(), lora.createdAt(), records);
                loras.put(loraId, new LoraEntry(entry.organization(), updated, entry.config(), entry.weights()));
                return true;
            }
        }
        return false;
    }

    private List<Map.Entry<UUID, String>> openValidations(ValidationStatus only) {
        List<Map.Entry<UUID, String>> open = new ArrayList<>();
        synchronized (lock) {
            for (LoraEntry entry : loras.values()) {
                for (ValidationRecord record : entry.lora().validations()) {
                    if (!record.isFinished() && (only == null || record.status() == only)) {
                        open.add(Map.entry(entry.lora().id(), record.id()));
                    }
                }
            }
        }
        return open;
    }

    /** Moves every pending validation to running now; returns how many moved. */
    public int startValidations() {
        int moved = 0;
        for (Map.Entry<UUID, String> open : openValidations(ValidationStatus.PENDING)) {
            moved += startValidation(open.getKey(), open.getValue()) ? 1 : 0;
        }
        return moved;
    }

    /** Finishes every unfinished validation now, with its real (or a forced) outcome; returns how many finished. */
    public int finishValidations() {
        int finished = 0;
        for (Map.Entry<UUID, String> open : openValidations(null)) {
            finished += finishValidation(open.getKey(), open.getValue()) ? 1 : 0;
        }
        return finished;
    }

    /** The next validation to finish ends with this outcome instead of its real one. */
    public void forceNextValidation(ValidationStatus status, String code, String message) {
        if (!status.isFinished()) {
            throw new IllegalArgumentException(status + " is not a finished status");
        }
        synchronized (lock) {
            forcedValidations.add(new Forced(status, code, message));
        }
    }

    // ---------------------------------------------------------------- responses

    /** A response as the create call answers it: its state at that moment, and whether it was a replay. */
    public record Accepted(ResponseObject response, ResponseObject.State state, boolean replayed) {
    }

    /**
     * Accepts (or refuses) a request; background ones progress on the fake's timing (the answer shows
     * them {@code pending}), others finish before this returns.
     */
    public Accepted createResponse(Caller caller, ResponseSpec spec, Optional<String> key, String fingerprint) {
        Outcome<ResponseObject> outcome = idempotent(caller, key, fingerprint, "response", () -> accept(caller, spec),
                id -> getResponse(caller, id), ResponseObject::id);
        ResponseObject response = outcome.value();
        if (outcome.replayed()) {
            return new Accepted(response, response.state(), true);
        }
        if (spec.background()) {
            ResponseObject.State accepted = response.state();
            scheduleResponse(response);
            return new Accepted(response, accepted, false);
        }
        response.start(now());
        complete(response);
        return new Accepted(response, response.state(), false);
    }

    public static String fingerprint(ResponseSpec spec) {
        return "POST /v1/responses|" + Digests.sha256Hex(spec.canonical());
    }

    private ResponseObject accept(Caller caller, ResponseSpec spec) {
        Findings.Collector found = new Findings.Collector();
        BaseModel model;
        try {
            model = settings.catalog().require(spec.model(), "model");
        } catch (InvalidRequestException e) {
            throw api(ApiErrors.invalidRequest(e.violations()));
        }
        int max = spec.maxOutputTokens().orElse(spec.kind().text() ? DEFAULT_TEXT_TOKENS : DEFAULT_MAX_TOKENS);
        found.add(SamplingParams.check(max, spec.temperature(), spec.topP()));
        if (spec.kind() == ResponseSpec.Kind.TOKENS) {
            try {
                ModelInput.of(spec.tokens());
            } catch (InvalidRequestException e) {
                e.violations().forEach(found::error);
            }
        } else if (spec.messages().isEmpty()) {
            found.error("input", "must hold at least one message");
        }
        String lora = spec.meta(WireNames.LORA).orElse(null);
        boolean tokens = spec.kind() == ResponseSpec.Kind.TOKENS;
        // a text request carrying Tinker keys is served by the base model: the keys are ignored
        String url = tokens ? spec.meta(WireNames.TINKER_URL).orElse(null) : null;
        String configJson = tokens ? spec.meta(WireNames.TINKER_CONFIG).orElse(null) : null;
        SignedCheckpointUrl signed = null;
        AdapterConfig tinkerConfig = null;
        if (url != null) {
            try {
                signed = SignedCheckpointUrl.of(url, Instant.MAX);
            } catch (InvalidRequestException e) {
                e.violations().forEach(found::error);
            }
        }
        if (configJson != null) {
            try {
                tinkerConfig = PeftJson.parseConfig(WireNames.TINKER_CONFIG, configJson);
            } catch (InvalidRequestException e) {
                e.violations().forEach(found::error);
            }
        }
        if (url == null || signed != null) {
            found.add(LoraSource.checkParts(lora, signed, tinkerConfig));
        }
        boolean usesLora = lora != null || url != null;
        if (usesLora) {
            found.add(RequestRules.checkLoraModel(model));
        }
        if (tinkerConfig != null && model.takesLoras()) {
            found.add(Findings.errors(AdapterRules.checkConfig(tinkerConfig, model).errors()));
        }
        CompletionWindow window = spec.meta(WireNames.COMPLETION_WINDOW).filter(w -> !w.isBlank())
                .map(CompletionWindow::of).orElse(defaultWindow(model));
        found.add(RequestRules.checkWindow(model, window, usesLora, spec.background()));
        spec.meta(WireNames.SEED).ifPresent(seed -> {
            try {
                Long.parseLong(seed);
            } catch (NumberFormatException e) {
                found.error("metadata." + WireNames.SEED, "must be an integer", seed);
            }
        });
        if (found.errorCount() > 0) {
            throw api(ApiErrors.invalidRequest(found.findings().errors()));
        }
        Optional<Lora> registered = Optional.empty();
        if (lora != null) {
            LoraRef ref;
            try {
                ref = LoraRef.parse("metadata.lora", lora);
            } catch (InvalidRequestException e) {
                throw api(ApiErrors.invalidRequest(e.violations()));
            }
            Lora found2 = find(caller, ref.value()).lora();
            ValidationRules.Usability usability = ValidationRules.usability(found2, model.id());
            if (!usability.usable()) {
                throw api(ApiErrors.invalidRequest(usability.reason(), "model"));
            }
            registered = Optional.of(found2);
        }
        ResponseObject response = new ResponseObject("resp_" + random(24), caller, now(), spec, model, registered);
        responses.put(response.id(), response);
        return response;
    }

    private static CompletionWindow defaultWindow(BaseModel model) {
        if (model.supportsWindow(CompletionWindow.STANDARD)) {
            return CompletionWindow.STANDARD;
        }
        return CompletionWindow.KNOWN.stream().filter(model::supportsWindow).findFirst().orElse(CompletionWindow.STANDARD);
    }

    private void scheduleResponse(ResponseObject response) {
        if (settings.manualResponses()) {
            return;
        }
        long delay = settings.responseDelay().toNanos();
        timer.schedule(() -> response.start(now()), delay / 2, TimeUnit.NANOSECONDS);
        timer.schedule(() -> workers.execute(() -> complete(response)), delay, TimeUnit.NANOSECONDS);
    }

    private void complete(ResponseObject response) {
        if (response.state().status().finished()) {
            return;
        }
        Forced forced;
        synchronized (lock) {
            forced = forcedResponses.poll();
        }
        ResponseObject.State finished = forced != null
                ? new ResponseObject.State(ResponseObject.Status.FAILED, now(), null, forced.code(), forced.message())
                : produce(response);
        notifyFinished(response, response.finish(finished));
    }

    private static void notifyFinished(ResponseObject response, List<Consumer<ResponseObject>> listeners) {
        if (listeners == null) {
            return;
        }
        for (Consumer<ResponseObject> listener : listeners) {
            try {
                listener.accept(response);
            } catch (RuntimeException e) {
                // a listener's failure must not stop the others
            }
        }
    }

    private ResponseObject.State produce(ResponseObject response) {
        ResponseSpec spec = response.spec();
        BaseModel model = response.model();
        long seed = spec.meta(WireNames.SEED).map(Long::parseLong).orElse(0L);
        String identity = model.id().value() + response.lora().map(l -> "+" + l.name()).orElse("");
        if (spec.kind() == ResponseSpec.Kind.TOKENS) {
            Optional<String> url = spec.meta(WireNames.TINKER_URL);
            if (url.isPresent()) {
                CheckpointCache.Download download = checkpoints.fetch(url.get());
                if (!download.ok()) {
                    return failed(ResponseFailedException.TINKER_CHECKPOINT_UNAVAILABLE, download.failure());
                }
                AdapterConfig config = PeftJson.parseConfig(WireNames.TINKER_CONFIG, spec.meta(WireNames.TINKER_CONFIG).orElseThrow());
                AdapterValidator.Verdict verdict = AdapterValidator.validate(config, download.weights(), model);
                if (verdict.failed()) {
                    return failed(verdict.code(), "the Tinker checkpoint does not fit " + model.id() + ": " + verdict.message());
                }
                identity += "+tinker:" + download.weights().sha256().substring(0, 16);
            }
            int vocabulary = model.architecture().flatMap(a -> a.linear("lm_head")).map(s -> (int) s.out()).orElse(65_536);
            SamplingParams params = new SamplingParams(spec.maxOutputTokens().orElse(DEFAULT_MAX_TOKENS), spec.temperature(),
                    spec.topP(), spec.logprobs());
            SampledTokens sampled = DeterministicSampler.sample(identity, vocabulary, spec.tokens(), params, spec.stop(), seed);
            return new ResponseObject.State(ResponseObject.Status.COMPLETED, now(),
                    new ResponseObject.Result(sampled, null, false, spec.tokens().length, sampled.length()), null, null);
        }
        StringBuilder prompt = new StringBuilder();
        spec.instructions().ifPresent(i -> prompt.append(i).append('\n'));
        spec.messages().forEach(m -> prompt.append(m.role()).append(": ").append(m.content()).append('\n'));
        DeterministicSampler.Text text = DeterministicSampler.text(identity, prompt.toString(), spec.temperature(), spec.topP(),
                seed, spec.maxOutputTokens().orElse(DEFAULT_TEXT_TOKENS));
        long inputTokens = ByteVocabulary.count(prompt.toString());
        long outputTokens = ByteVocabulary.count(text.text());
        ResponseObject.Status status = text.truncated() && spec.kind() == ResponseSpec.Kind.RESPONSES
                ? ResponseObject.Status.INCOMPLETE : ResponseObject.Status.COMPLETED;
        return new ResponseObject.State(status, now(),
                new ResponseObject.Result(null, text.text(), text.truncated(), inputTokens, outputTokens), null, null);
    }

    private ResponseObject.State failed(String code, String message) {
        return new ResponseObject.State(ResponseObject.Status.FAILED, now(), null, code, message);
    }

    public ResponseObject getResponse(Caller caller, String id) {
        ResponseObject response = responses.get(id);
        if (response == null || !response.owner().organization().equals(caller.organization())) {
            throw api(ApiErrors.responseNotFound(id));
        }
        return response;
    }

    public ResponseObject cancelResponse(Caller caller, String id) {
        ResponseObject response = getResponse(caller, id);
        notifyFinished(response, response.finish(
                new ResponseObject.State(ResponseObject.Status.CANCELLED, now(), null, null, null)));
        return response;
    }

    /** Calls {@code listener} when the response finishes, on the thread that finishes it. */
    public void whenFinished(ResponseObject response, Consumer<ResponseObject> listener) {
        response.whenFinished(listener);
    }

    private List<ResponseObject> unfinished(ResponseObject.Status only) {
        List<ResponseObject> open = new ArrayList<>();
        for (ResponseObject response : responses.values()) {
            ResponseObject.Status status = response.state().status();
            if (!status.finished() && (only == null || status == only)) {
                open.add(response);
            }
        }
        open.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
        return open;
    }

    public int startResponses() {
        int moved = 0;
        for (ResponseObject response : unfinished(ResponseObject.Status.PENDING)) {
            moved += response.start(now()) ? 1 : 0;
        }
        return moved;
    }

    public int finishResponses() {
        List<ResponseObject> open = unfinished(null);
        open.forEach(this::complete);
        return open.size();
    }

    public void failNextResponse(String code, String message) {
        synchronized (lock) {
            forcedResponses.add(new Forced(ValidationStatus.FAILED, code, message));
        }
    }

    /** Waits (without polling) until at least {@code count} responses are unfinished; false on timeout. */
    public boolean awaitUnfinishedResponses(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (unfinished(null).size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    // ---------------------------------------------------------------- ids and lifecycle

    private static String random(int hexChars) {
        String hex = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        return hex.substring(0, hexChars);
    }

    private static String validationId() {
        return "val_" + random(24);
    }

    /** For redacting the signed URL when echoing metadata. */
    public static String redactUrl(String url) {
        try {
            return SignedCheckpointUrl.redact(URI.create(url));
        } catch (IllegalArgumentException e) {
            return "<redacted>";
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
    }
}
