package io.sail4j.acceptance;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real backend seen through a window: counts calls, records uploads, and lets a test replace one
 * operation (e.g. make LoRA creation fail after the uploads) while everything else reaches Sail.
 */
class ForwardingBackend implements SailBackend {
    final SailBackend delegate;
    final List<StoredFile> uploaded = new CopyOnWriteArrayList<>();
    final AtomicInteger uploadCalls = new AtomicInteger();
    final AtomicInteger listCalls = new AtomicInteger();
    final AtomicInteger sampleCalls = new AtomicInteger();
    final List<TokenSampleRequest> samples = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    ForwardingBackend(SailBackend delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<StoredFile> uploadFile(FileUpload upload) {
        uploadCalls.incrementAndGet();
        return delegate.uploadFile(upload).thenApply(file -> {
            uploaded.add(file);
            return file;
        });
    }

    @Override
    public CompletableFuture<StoredFile> getFile(FileId id) {
        return delegate.getFile(id);
    }

    @Override
    public CompletableFuture<Void> deleteFile(FileId id) {
        return delegate.deleteFile(id);
    }

    @Override
    public CompletableFuture<List<BaseModel>> listModels() {
        return delegate.listModels();
    }

    @Override
    public CompletableFuture<Lora> createLora(CreateLora command) {
        return delegate.createLora(command);
    }

    @Override
    public CompletableFuture<Lora> getLora(LoraRef ref) {
        return delegate.getLora(ref);
    }

    @Override
    public CompletableFuture<Page<Lora>> listLoras(PageRequest page) {
        listCalls.incrementAndGet();
        return delegate.listLoras(page);
    }

    @Override
    public CompletableFuture<Lora> updateLora(LoraRef ref, UpdateLora update) {
        return delegate.updateLora(ref, update);
    }

    @Override
    public CompletableFuture<Void> deleteLora(LoraRef ref) {
        return delegate.deleteLora(ref);
    }

    @Override
    public CompletableFuture<SampledTokens> sampleTokens(TokenSampleRequest request) {
        sampleCalls.incrementAndGet();
        samples.add(request);
        return delegate.sampleTokens(request);
    }

    @Override
    public CompletableFuture<TextResult> generateText(TextRequest request) {
        return delegate.generateText(request);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
