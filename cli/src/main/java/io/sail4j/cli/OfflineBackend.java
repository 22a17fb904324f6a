package io.sail4j.cli;

import io.sail4j.core.error.SailException;
import io.sail4j.core.lora.FileId;
import io.sail4j.core.lora.Lora;
import io.sail4j.core.lora.LoraRef;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.sampling.SampledTokens;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A backend for commands that work without Sail ({@code sail check}): the client's local checks run
 * over it, and any call that would reach Sail fails, so a check never needs an API key.
 */
final class OfflineBackend implements SailBackend {

    private static <T> CompletableFuture<T> offline() {
        return CompletableFuture.failedFuture(new SailException("this command works offline and does not call Sail"));
    }

    @Override
    public CompletableFuture<StoredFile> uploadFile(FileUpload upload) {
        return offline();
    }

    @Override
    public CompletableFuture<StoredFile> getFile(FileId id) {
        return offline();
    }

    @Override
    public CompletableFuture<Void> deleteFile(FileId id) {
        return offline();
    }

    @Override
    public CompletableFuture<List<BaseModel>> listModels() {
        return offline();
    }

    @Override
    public CompletableFuture<Lora> createLora(CreateLora command) {
        return offline();
    }

    @Override
    public CompletableFuture<Lora> getLora(LoraRef ref) {
        return offline();
    }

    @Override
    public CompletableFuture<Page<Lora>> listLoras(PageRequest page) {
        return offline();
    }

    @Override
    public CompletableFuture<Lora> updateLora(LoraRef ref, UpdateLora update) {
        return offline();
    }

    @Override
    public CompletableFuture<Void> deleteLora(LoraRef ref) {
        return offline();
    }

    @Override
    public CompletableFuture<SampledTokens> sampleTokens(TokenSampleRequest request) {
        return offline();
    }

    @Override
    public CompletableFuture<TextResult> generateText(TextRequest request) {
        return offline();
    }

    @Override
    public void close() {
    }
}
