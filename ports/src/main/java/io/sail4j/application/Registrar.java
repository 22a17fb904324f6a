package io.sail4j.application;

import io.sail4j.core.error.IncompleteRegistrationException;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.NotFoundException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.Lora;
import io.sail4j.core.lora.LoraName;
import io.sail4j.core.lora.LoraRef;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.ports.in.Blocking;
import io.sail4j.ports.in.PreflightReport;
import io.sail4j.ports.in.RegisterLora;
import io.sail4j.ports.in.Registration;
import io.sail4j.ports.out.CreateLora;
import io.sail4j.ports.out.FileUpload;
import io.sail4j.ports.out.SailBackend;
import io.sail4j.ports.out.StoredFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code register}: refuse a bad adapter before any upload, upload both files concurrently, create the
 * LoRA, and leave nothing half-done silently.
 */
final class Registrar {
    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);

    private final SailBackend backend;
    private final CatalogHolder catalog;
    private final ValidationWaiter waiter;
    private final Executor preflightExecutor;

    Registrar(SailBackend backend, CatalogHolder catalog, ValidationWaiter waiter, Executor preflightExecutor) {
        this.backend = backend;
        this.catalog = catalog;
        this.waiter = waiter;
        this.preflightExecutor = preflightExecutor;
    }

    CompletableFuture<Registration> register(RegisterLora request) {
        // Local reads run off the caller's and the backend's threads; the name check runs meanwhile.
        CompletableFuture<PreflightReport> preflight = catalog.ready()
                .thenApplyAsync(known -> preflight(request, known), preflightExecutor);
        CompletableFuture<Optional<Violation>> nameTaken = nameTaken(request.name());
        return preflight.thenCombine(nameTaken, (report, taken) -> {
                    List<Violation> violations = new ArrayList<>(report.errors());
                    taken.ifPresent(violations::add);
                    if (!violations.isEmpty()) {
                        throw new InvalidRequestException(violations);
                    }
                    report.warnings().forEach(w -> LOG.warn("lora {}: {}", request.name(), w));
                    return report;
                })
                .thenCompose(report -> uploadAndCreate(request, report))
                .thenCompose(registration -> request.awaitValidation()
                        .map(wait -> waiter.await(LoraRef.of(registration.lora().name()), Optional.empty(), wait)
                                .thenApply(outcome -> new Registration(registration.lora(), registration.configFile(),
                                        registration.weightsFile(), registration.preflight(), Optional.of(outcome))))
                        .orElse(CompletableFuture.completedFuture(registration)));
    }

    private static PreflightReport preflight(RegisterLora request, ModelCatalog known) {
        if (request.adapterDirectory().isPresent()) {
            return Preflight.ofDirectory(request.adapterDirectory().get(), request.models(), known);
        }
        return Preflight.ofFiles(request.configFile().orElseThrow(), request.weightsFile().orElseThrow(), request.models(), known);
    }

    /** A violation when the name is already taken in this organization: refused before 100 GiB travel, not after. */
    private CompletableFuture<Optional<Violation>> nameTaken(LoraName name) {
        return backend.getLora(LoraRef.of(name)).handle((existing, failure) -> {
            if (failure == null) {
                return Optional.of(Violation.of("name", "is already taken by lora " + existing.id()
                        + " in this organization; delete it or choose another name", name));
            }
            RuntimeException error = Blocking.unwrap(failure);
            if (error instanceof NotFoundException) {
                return Optional.empty();
            }
            throw error;
        });
    }

    private CompletableFuture<Registration> uploadAndCreate(RegisterLora request, PreflightReport report) {
        String key = "sail4j-register-" + UUID.randomUUID();
        CombinedProgress progress = new CombinedProgress(request.progress(), report.uploadBytes(), 2);
        CompletableFuture<StoredFile> config = backend.uploadFile(FileUpload.lora(report.configFile())
                .withProgress(progress.part(0)).withIdempotencyKey(key + "-config"));
        CompletableFuture<StoredFile> weights = backend.uploadFile(FileUpload.lora(report.weightsFile())
                .withProgress(progress.part(1)).withIdempotencyKey(key + "-weights"));
        return CompletableFuture.allOf(config, weights).handle((ignored, failure) -> failure)
                .thenCompose(failure -> {
                    List<StoredFile> uploaded = new ArrayList<>();
                    succeeded(config).ifPresent(uploaded::add);
                    succeeded(weights).ifPresent(uploaded::add);
                    if (failure != null) {
                        return deleteThenFail(request.name(), uploaded, Blocking.unwrap(failure));
                    }
                    return create(request, key, config.join(), weights.join())
                            .thenApply(lora -> new Registration(lora, config.join(), weights.join(), report, Optional.empty()));
                });
    }

    private CompletableFuture<Lora> create(RegisterLora request, String key, StoredFile config, StoredFile weights) {
        CreateLora command = CreateLora.of(request.name(), request.models(), config.id(), weights.id())
                .withIdempotencyKey(key + "-lora");
        command = request.description().map(command::withDescription).orElse(command);
        command = request.displayName().map(command::withDisplayName).orElse(command);
        return backend.createLora(command).handle((lora, failure) -> failure == null
                        ? CompletableFuture.completedFuture(lora)
                        : adoptOrCleanUp(request.name(), config, weights, Blocking.unwrap(failure)))
                .thenCompose(next -> next);
    }

    /**
     * Creation failed. If the failure was ambiguous and the LoRA exists with exactly these files, it is
     * ours: adopt it. Otherwise delete the uploads; when we cannot tell (the lookup failed), keep the
     * files, since a created LoRA may need them, and name them in the error.
     */
    private CompletableFuture<Lora> adoptOrCleanUp(LoraName name, StoredFile config, StoredFile weights, RuntimeException failure) {
        List<StoredFile> uploaded = List.of(config, weights);
        return backend.getLora(LoraRef.of(name)).handle((existing, lookupFailure) -> {
            if (lookupFailure == null) {
                if (existing.configFileId().equals(config.id()) && existing.weightsFileId().equals(weights.id())) {
                    LOG.info("lora {} was created despite the error ({}); using it", name, failure.getMessage());
                    return CompletableFuture.completedFuture(existing);
                }
                return Registrar.<Lora>deleteThenFailWith(backend, name, uploaded, failure);
            }
            if (Blocking.unwrap(lookupFailure) instanceof NotFoundException) {
                return Registrar.<Lora>deleteThenFailWith(backend, name, uploaded, failure);
            }
            return CompletableFuture.<Lora>failedFuture(new IncompleteRegistrationException(name.value(),
                    uploaded.stream().map(f -> f.id().value()).toList(), failure));
        }).thenCompose(next -> next);
    }

    private <T> CompletableFuture<T> deleteThenFail(LoraName name, List<StoredFile> uploaded, RuntimeException failure) {
        return deleteThenFailWith(backend, name, uploaded, failure);
    }

    /** Deletes the uploads, then fails with {@code failure}, or names the files whose deletion failed. */
    private static <T> CompletableFuture<T> deleteThenFailWith(SailBackend backend, LoraName name, List<StoredFile> uploaded,
                                                               RuntimeException failure) {
        List<CompletableFuture<Void>> deletions = uploaded.stream().map(f -> backend.deleteFile(f.id())).toList();
        return CompletableFuture.allOf(deletions.toArray(CompletableFuture[]::new)).handle((ignored, deleteFailure) -> {
            List<String> leftover = new ArrayList<>();
            for (int i = 0; i < uploaded.size(); i++) {
                CompletableFuture<Void> deletion = deletions.get(i);
                if (deletion.isCompletedExceptionally()) {
                    Throwable cause = Blocking.unwrap(deletion.handle((v, e) -> e).join());
                    if (!(cause instanceof NotFoundException)) {
                        leftover.add(uploaded.get(i).id().value());
                    }
                }
            }
            if (!leftover.isEmpty()) {
                throw new IncompleteRegistrationException(name.value(), leftover, failure);
            }
            throw failure;
        });
    }

    private static Optional<StoredFile> succeeded(CompletableFuture<StoredFile> upload) {
        return upload.isDone() && !upload.isCompletedExceptionally() ? Optional.of(upload.join()) : Optional.empty();
    }
}
