package io.sail4j.application;

import io.sail4j.core.error.InvalidAnswerException;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.NotFoundException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.Lora;
import io.sail4j.core.lora.LoraRef;
import io.sail4j.core.model.ModelId;
import io.sail4j.core.error.Findings;
import io.sail4j.core.rules.ValidationRules;
import io.sail4j.core.rules.ValidationRules.Usability;
import io.sail4j.ports.in.Blocking;
import io.sail4j.ports.in.Loras;
import io.sail4j.ports.in.PreflightReport;
import io.sail4j.ports.in.RegisterLora;
import io.sail4j.ports.in.Registration;
import io.sail4j.ports.in.ValidationOutcome;
import io.sail4j.ports.in.ValidationWait;
import io.sail4j.ports.out.CreateLora;
import io.sail4j.ports.out.Page;
import io.sail4j.ports.out.PageRequest;
import io.sail4j.ports.out.SailBackend;
import io.sail4j.ports.out.UpdateLora;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** LoRA management over the backend, with the catalog rules checked before sending. */
final class LoraService implements Loras {
    private final SailBackend backend;
    private final CatalogHolder catalog;
    private final ValidationWaiter waiter;
    private final Registrar registrar;

    LoraService(SailBackend backend, CatalogHolder catalog, ValidationWaiter waiter, Executor preflightExecutor) {
        this.backend = backend;
        this.catalog = catalog;
        this.waiter = waiter;
        this.registrar = new Registrar(backend, catalog, waiter, preflightExecutor);
    }

    @Override
    public PreflightReport preflight(Path configFile, Path weightsFile, List<ModelId> models) {
        return Preflight.ofFiles(configFile, weightsFile, List.copyOf(models), catalog.current());
    }

    @Override
    public PreflightReport preflight(Path adapterDirectory, List<ModelId> models) {
        return Preflight.ofDirectory(adapterDirectory, List.copyOf(models), catalog.current());
    }

    @Override
    public CompletableFuture<Registration> register(RegisterLora request) {
        return registrar.register(Objects.requireNonNull(request, "request"));
    }

    @Override
    public CompletableFuture<Lora> create(CreateLora command) {
        Objects.requireNonNull(command, "command");
        return checkModels(command.supportedModels()).thenCompose(ok -> backend.createLora(command));
    }

    @Override
    public CompletableFuture<Lora> get(LoraRef ref) {
        return backend.getLora(Objects.requireNonNull(ref, "ref"));
    }

    @Override
    public CompletableFuture<Page<Lora>> listPage(PageRequest page) {
        return backend.listLoras(Objects.requireNonNull(page, "page"));
    }

    @Override
    public Stream<Lora> list() {
        return list(PageRequest.DEFAULT_LIMIT);
    }

    @Override
    public Stream<Lora> list(int pageSize) {
        PageRequest first = PageRequest.first(pageSize);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new PagingIterator(first),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public CompletableFuture<Lora> updateSupportedModels(LoraRef ref, List<ModelId> models) {
        return update(ref, UpdateLora.supportedModels(models));
    }

    @Override
    public CompletableFuture<Lora> update(LoraRef ref, UpdateLora update) {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(update, "update");
        if (update.supportedModels().isEmpty()) {
            return backend.updateLora(ref, update);
        }
        return checkModels(update.supportedModels().get()).thenCompose(ok -> backend.updateLora(ref, update));
    }

    @Override
    public CompletableFuture<Void> delete(LoraRef ref) {
        return backend.deleteLora(Objects.requireNonNull(ref, "ref"));
    }

    @Override
    public CompletableFuture<ValidationOutcome> awaitValidation(LoraRef ref, ValidationWait wait) {
        return waiter.await(Objects.requireNonNull(ref, "ref"), Optional.empty(), Objects.requireNonNull(wait, "wait"));
    }

    @Override
    public CompletableFuture<ValidationOutcome> awaitValidation(LoraRef ref, ModelId model, ValidationWait wait) {
        return waiter.await(Objects.requireNonNull(ref, "ref"), Optional.of(model), Objects.requireNonNull(wait, "wait"));
    }

    @Override
    public CompletableFuture<Usability> usability(LoraRef ref, ModelId model) {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(model, "model");
        return backend.getLora(ref).handle((lora, failure) -> {
            if (failure == null) {
                return ValidationRules.usability(lora, model);
            }
            RuntimeException error = Blocking.unwrap(failure);
            if (error instanceof NotFoundException) {
                return new Usability(false, "lora not found: " + ref.value()
                        + " (no such LoRA in this organization)", Optional.empty());
            }
            throw error;
        });
    }

    /** Every model a LoRA lists must be known and take LoRAs (Sail answers 400 otherwise). */
    private CompletableFuture<Void> checkModels(List<ModelId> models) {
        return catalog.ready().thenApply(known -> {
            List<Violation> violations = new ArrayList<>();
            if (models.isEmpty()) {
                violations.add(Violation.of("supported_models", "must list at least one model"));
            }
            if (new LinkedHashSet<>(models).size() != models.size()) {
                violations.add(Violation.of("supported_models", "must not list a model twice", models));
            }
            Preflight.checkModels(models, known).values().stream().map(Findings::errors).forEach(violations::addAll);
            if (!violations.isEmpty()) {
                throw new InvalidRequestException(violations);
            }
            return null;
        });
    }

    /** Fetches the next page when iteration reaches it; a loop that stops early fetches no more. */
    private final class PagingIterator implements Iterator<Lora> {
        private PageRequest next;
        private Iterator<Lora> current = List.<Lora>of().iterator();

        PagingIterator(PageRequest first) {
            this.next = first;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && next != null) {
                PageRequest request = next;
                Page<Lora> page = Blocking.await(backend.listLoras(request));
                if (page.hasMore() && page.data().isEmpty()) {
                    throw new InvalidAnswerException("a LoRA list page said more follow but held none");
                }
                next = page.hasMore() ? request.after(page.data().get(page.data().size() - 1).id().toString()) : null;
                current = page.data().iterator();
            }
            return current.hasNext();
        }

        @Override
        public Lora next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }
    }
}
