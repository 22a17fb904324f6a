package io.sail4j.ports.out;

import io.sail4j.core.lora.FileId;
import io.sail4j.core.lora.Lora;
import io.sail4j.core.lora.LoraRef;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.sampling.SampledTokens;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What sail4j needs from Sail, coarse and transport-neutral. The HTTP adapter speaks Sail's REST API;
 * the in-memory fake implements it directly. Every method returns at once; failures complete the
 * future exceptionally with a {@code io.sail4j.core.error.SailException} subtype (the same subtype and
 * status from every implementation, which the contract test suite pins down).
 *
 * <p>Implementations are bound to one API key (one organization) and are thread-safe.
 */
public interface SailBackend extends AutoCloseable {

    CompletableFuture<StoredFile> uploadFile(FileUpload upload);

    CompletableFuture<StoredFile> getFile(FileId id);

    CompletableFuture<Void> deleteFile(FileId id);

    /** The models Sail serves, with LoRA support and windows where Sail reports them. */
    CompletableFuture<List<BaseModel>> listModels();

    CompletableFuture<Lora> createLora(CreateLora command);

    CompletableFuture<Lora> getLora(LoraRef ref);

    CompletableFuture<Page<Lora>> listLoras(PageRequest page);

    CompletableFuture<Lora> updateLora(LoraRef ref, UpdateLora update);

    CompletableFuture<Void> deleteLora(LoraRef ref);

    /**
     * Samples tokens as a background response and completes when it finishes: with the tokens, or
     * with {@code ResponseFailedException} (e.g. code {@code tinker_checkpoint_unavailable}),
     * {@code SailTimeoutException} past the request's timeout, or the API error. Cancelling the
     * future stops the waiting.
     */
    CompletableFuture<SampledTokens> sampleTokens(TokenSampleRequest request);

    /** A text request on Responses, Chat Completions or Messages; completes when the text is ready. */
    CompletableFuture<TextResult> generateText(TextRequest request);

    /** Releases connections and threads. Idempotent. */
    @Override
    void close();
}
