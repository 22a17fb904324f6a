package io.sail4j.application;

import io.sail4j.core.model.ModelCatalog;
import io.sail4j.ports.out.SailBackend;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model catalog requests are checked against: the given one (Kimi-K2.6 built in), merged with the
 * server's {@code GET /v1/models} once when {@code fromServer} is set. A failed fetch is not kept, so
 * the next request tries again.
 */
final class CatalogHolder {
    private final SailBackend backend;
    private final boolean fromServer;
    private final AtomicReference<ModelCatalog> current;
    private final Object lock = new Object();
    private CompletableFuture<ModelCatalog> fetched;

    CatalogHolder(SailBackend backend, ModelCatalog initial, boolean fromServer) {
        this.backend = backend;
        this.fromServer = fromServer;
        this.current = new AtomicReference<>(initial);
    }

    /** The catalog as known now, without asking the server. */
    ModelCatalog current() {
        return current.get();
    }

    /** The catalog to check a request against: after the one server merge when that is enabled. */
    CompletableFuture<ModelCatalog> ready() {
        if (!fromServer) {
            return CompletableFuture.completedFuture(current.get());
        }
        synchronized (lock) {
            if (fetched == null || fetched.isCompletedExceptionally() || fetched.isCancelled()) {
                fetched = refresh();
            }
            return fetched;
        }
    }

    /** Merges the server's model list into the catalog now. */
    CompletableFuture<ModelCatalog> refresh() {
        return backend.listModels().thenApply(models -> current.updateAndGet(catalog -> catalog.mergedWith(models)));
    }
}
