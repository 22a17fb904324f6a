package io.sail4j.ports.in;

import io.sail4j.core.lora.FileId;
import io.sail4j.ports.out.FileUpload;
import io.sail4j.ports.out.ProgressListener;
import io.sail4j.ports.out.StoredFile;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** Adapter files on Sail ({@code /v1/files}, purpose {@code lora}). */
public interface LoraFiles {

    /**
     * Uploads a file, streamed from disk. Refused before sending (InvalidRequestException) when the
     * file is missing or larger than 100 GiB.
     */
    CompletableFuture<StoredFile> upload(FileUpload upload);

    /** Uploads {@code path} as a LoRA file, reporting progress to {@code progress}. */
    default CompletableFuture<StoredFile> upload(Path path, ProgressListener progress) {
        return upload(FileUpload.lora(path).withProgress(progress));
    }

    CompletableFuture<StoredFile> get(FileId id);

    CompletableFuture<Void> delete(FileId id);
}
