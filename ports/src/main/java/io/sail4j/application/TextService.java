package io.sail4j.application;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.rules.RequestRules;
import io.sail4j.ports.in.ChatCompletionRequest;
import io.sail4j.ports.in.MessagesRequest;
import io.sail4j.ports.in.ResponseRequest;
import io.sail4j.ports.in.TextRequests;
import io.sail4j.ports.out.SailBackend;
import io.sail4j.ports.out.TextRequest;
import io.sail4j.ports.out.TextResult;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Text requests: the LoRA and window rules against the catalog, then the backend. */
final class TextService implements TextRequests {
    private final SailBackend backend;
    private final CatalogHolder catalog;

    TextService(SailBackend backend, CatalogHolder catalog) {
        this.backend = backend;
        this.catalog = catalog;
    }

    @Override
    public CompletableFuture<TextResult> respond(ResponseRequest request) {
        return send(Objects.requireNonNull(request, "request").toTextRequest());
    }

    @Override
    public CompletableFuture<TextResult> chat(ChatCompletionRequest request) {
        return send(Objects.requireNonNull(request, "request").toTextRequest());
    }

    @Override
    public CompletableFuture<TextResult> message(MessagesRequest request) {
        return send(Objects.requireNonNull(request, "request").toTextRequest());
    }

    private CompletableFuture<TextResult> send(TextRequest request) {
        return catalog.ready().thenCompose(known -> {
            check(request, known);
            return backend.generateText(request);
        });
    }

    private static void check(TextRequest request, ModelCatalog known) {
        Optional<BaseModel> listed = known.find(request.model());
        BaseModel model = listed.orElse(BaseModel.known(request.model()));
        Set<Violation> violations = new LinkedHashSet<>();
        boolean usesLora = request.lora().isPresent();
        request.window().ifPresent(window ->
                violations.addAll(RequestRules.checkWindow(model, window, usesLora, request.background()).errors()));
        if (usesLora) {
            if (listed.isEmpty()) {
                violations.add(Violation.of("model", "does not support LoRA serving (it is not in the model catalog)", request.model()));
            } else {
                violations.addAll(RequestRules.checkLoraModel(model).errors());
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(List.copyOf(violations));
        }
    }
}
