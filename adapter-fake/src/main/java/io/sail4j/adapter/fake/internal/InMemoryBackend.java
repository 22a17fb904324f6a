package io.sail4j.adapter.fake.internal;

import io.sail4j.core.error.ApiErrors;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.ResponseFailedException;
import io.sail4j.core.error.SailApiException;
import io.sail4j.core.error.SailTimeoutException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.FileId;
import io.sail4j.core.lora.Lora;
import io.sail4j.core.lora.LoraRef;
import io.sail4j.core.lora.LoraSource;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.rules.FileRules;
import io.sail4j.core.error.Findings;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.SamplingParams;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.ports.local.PeftJson;
import io.sail4j.ports.out.CreateLora;
import io.sail4j.ports.out.FileUpload;
import io.sail4j.ports.out.Page;
import io.sail4j.ports.out.PageRequest;
import io.sail4j.ports.out.SailBackend;
import io.sail4j.ports.out.StoredFile;
import io.sail4j.ports.out.TextRequest;
import io.sail4j.ports.out.TextResult;
import io.sail4j.ports.out.TokenSampleRequest;
import io.sail4j.ports.out.UpdateLora;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link SailBackend} straight onto the fake's state, for one API key. No HTTP, no polling: a
 * background response completes its future itself when the fake finishes it.
 */
public final class InMemoryBackend implements SailBackend {
    private final SailState state;
    private final Caller caller;
    private final RuntimeException refusal;
    private volatile boolean closed;

    public InMemoryBackend(SailState state, String apiKey) {
        this.state = state;
        Caller resolved = null;
        RuntimeException refused = null;
        try {
            resolved = state.caller(apiKey);
        } catch (SailApiException e) {
            refused = e;
        }
        this.caller = resolved;
        this.refusal = refused;
    }

    /** The organization this backend acts for. */
    public Optional<String> organization() {
        return Optional.ofNullable(caller).map(Caller::organization);
    }

    private <T> CompletableFuture<T> call(Supplier<T> operation) {
        try {
            return CompletableFuture.completedFuture(checked(operation));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private <T> T checked(Supplier<T> operation) {
        if (closed) {
            throw new IllegalStateException("this backend is closed");
        }
        if (refusal != null) {
            throw refusal;
        }
        return operation.get();
    }

    @Override
    public CompletableFuture<StoredFile> uploadFile(FileUpload upload) {
        if (closed || refusal != null) {
            return call(() -> null);
        }
        return CompletableFuture.supplyAsync(() -> upload(upload), state.workers());
    }

    private StoredFile upload(FileUpload upload) {
        long total;
        try {
            total = Files.size(upload.path());
        } catch (IOException e) {
            throw new InvalidRequestException(Violation.of("path", "must be a readable file", upload.path()));
        }
        Findings size = FileRules.checkSize("file", total);
        if (!size.ok()) {
            throw SailApiException.forError(ApiErrors.tooLarge(size.errors().get(0).rule(), "file"));
        }
        FileContent.Sink sink = new FileContent.Sink();
        try (InputStream in = Files.newInputStream(upload.path())) {
            byte[] buffer = new byte[256 * 1024];
            int n;
            upload.progress().onProgress(0, total);
            while ((n = in.read(buffer)) >= 0) {
                sink.write(buffer, 0, n);
                upload.progress().onProgress(sink.size(), total);
            }
        } catch (IOException e) {
            throw new InvalidRequestException(Violation.of("path", "must be a readable file", upload.path()));
        }
        return state.registerFile(caller, upload.filename(), upload.purpose(), sink.finish(), upload.idempotencyKey())
                .value().toStoredFile();
    }

    @Override
    public CompletableFuture<StoredFile> getFile(FileId id) {
        return call(() -> state.getFile(caller, id).toStoredFile());
    }

    @Override
    public CompletableFuture<Void> deleteFile(FileId id) {
        return call(() -> {
            state.deleteFile(caller, id);
            return null;
        });
    }

    @Override
    public CompletableFuture<List<BaseModel>> listModels() {
        return call(state::models);
    }

    @Override
    public CompletableFuture<Lora> createLora(CreateLora command) {
        return call(() -> {
            SailState.LoraSpec spec = new SailState.LoraSpec(command.name(), command.supportedModels(), command.configFileId(),
                    command.weightsFileId(), command.description(), command.displayName());
            return state.createLora(caller, spec, command.idempotencyKey(), SailState.fingerprint(spec)).value();
        });
    }

    @Override
    public CompletableFuture<Lora> getLora(LoraRef ref) {
        return call(() -> state.getLora(caller, ref.value()));
    }

    @Override
    public CompletableFuture<Page<Lora>> listLoras(PageRequest page) {
        return call(() -> state.listLoras(caller, page.limit(), page.after()));
    }

    @Override
    public CompletableFuture<Lora> updateLora(LoraRef ref, UpdateLora update) {
        return call(() -> state.updateLora(caller, ref.value(), update));
    }

    @Override
    public CompletableFuture<Void> deleteLora(LoraRef ref) {
        return call(() -> {
            state.deleteLora(caller, ref.value());
            return null;
        });
    }

    @Override
    public CompletableFuture<SampledTokens> sampleTokens(TokenSampleRequest request) {
        CompletableFuture<ResponseObject> accepted = call(() -> {
            ResponseSpec spec = spec(request);
            return state.createResponse(caller, spec, request.idempotencyKey(), SailState.fingerprint(spec)).response();
        });
        if (accepted.isCompletedExceptionally()) {
            return accepted.thenApply(r -> null);
        }
        ResponseObject response = accepted.join();
        CompletableFuture<SampledTokens> result = new CompletableFuture<>();
        request.timeout().ifPresent(timeout -> {
            ScheduledFuture<?> timer = state.timer().schedule(() -> result.completeExceptionally(new SailTimeoutException(
                    "response " + response.id() + " did not finish within " + timeout)), timeout.toNanos(), TimeUnit.NANOSECONDS);
            result.whenComplete((value, error) -> timer.cancel(false));
        });
        state.whenFinished(response, finished -> {
            ResponseObject.State end = finished.state();
            if (end.status() == ResponseObject.Status.COMPLETED) {
                result.complete(end.result().tokens());
            } else {
                result.completeExceptionally(failure(finished));
            }
        });
        return result;
    }

    private static ResponseFailedException failure(ResponseObject response) {
        ResponseObject.State end = response.state();
        return new ResponseFailedException(response.id(), end.status().wireName(), end.errorCode(), end.errorMessage());
    }

    /** The request as Sail reads it off the wire: window, LoRA and checkpoint travel in metadata. */
    static ResponseSpec spec(TokenSampleRequest request) {
        Map<String, String> metadata = new HashMap<>(request.metadata());
        metadata.put(WireNames.COMPLETION_WINDOW, request.window().name());
        request.lora().ifPresent(source -> {
            if (source instanceof LoraSource.Registered registered) {
                metadata.put(WireNames.LORA, registered.ref().value());
            } else if (source instanceof LoraSource.TinkerCheckpoint checkpoint) {
                metadata.put(WireNames.TINKER_URL, checkpoint.url().url().toString());
                metadata.put(WireNames.TINKER_CONFIG, PeftJson.toJson(checkpoint.adapterConfig()));
                checkpoint.name().ifPresent(name -> metadata.put(WireNames.TINKER_NAME, name));
            }
        });
        SamplingParams params = request.params();
        return new ResponseSpec(ResponseSpec.Kind.TOKENS, request.model(), request.input().toArray(), Optional.empty(), List.of(),
                Optional.of(params.maxTokens()), params.temperature(), params.topP(), params.logprobs(), request.stop(),
                metadata, true);
    }

    static ResponseSpec spec(TextRequest request) {
        Map<String, String> metadata = new HashMap<>(request.metadata());
        request.window().ifPresent(w -> metadata.put(WireNames.COMPLETION_WINDOW, w.name()));
        request.lora().ifPresent(ref -> metadata.put(WireNames.LORA, ref.value()));
        ResponseSpec.Kind kind = switch (request.api()) {
            case RESPONSES -> ResponseSpec.Kind.RESPONSES;
            case CHAT_COMPLETIONS -> ResponseSpec.Kind.CHAT_COMPLETIONS;
            case MESSAGES -> ResponseSpec.Kind.MESSAGES;
        };
        return new ResponseSpec(kind, request.model(), null, request.instructions(), request.messages(),
                request.maxOutputTokens(), request.temperature().orElse(SamplingParams.DEFAULT_TEMPERATURE),
                request.topP().orElse(SamplingParams.DEFAULT_TOP_P), false, StopCondition.none(), metadata,
                request.background());
    }

    @Override
    public CompletableFuture<TextResult> generateText(TextRequest request) {
        CompletableFuture<ResponseObject> accepted = call(() -> {
            ResponseSpec spec = spec(request);
            return state.createResponse(caller, spec, request.idempotencyKey(), SailState.fingerprint(spec)).response();
        });
        CompletableFuture<TextResult> result = new CompletableFuture<>();
        accepted.whenComplete((response, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            state.whenFinished(response, finished -> {
                ResponseObject.State end = finished.state();
                if (end.status() == ResponseObject.Status.COMPLETED || end.status() == ResponseObject.Status.INCOMPLETE) {
                    ResponseSpec.Kind kind = finished.spec().kind();
                    ResponseObject.Result produced = end.result();
                    result.complete(new TextResult(WireIds.forKind(kind, finished.id()), finished.model().id(), produced.text(),
                            new TextResult.Usage(produced.inputTokens(), produced.outputTokens()),
                            Optional.of(WireIds.finishReason(kind, produced.truncated()))));
                } else {
                    result.completeExceptionally(failure(finished));
                }
            });
        });
        return result;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "InMemoryBackend[" + organization().orElse("refused key") + "]";
    }
}
