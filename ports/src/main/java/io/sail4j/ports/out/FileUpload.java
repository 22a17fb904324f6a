package io.sail4j.ports.out;

import io.sail4j.core.rules.FileRules;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Upload one file from disk. The file is streamed, never read whole. {@code idempotencyKey} is the
 * caller's key for this logical upload; empty lets the backend make one (reused on its retries).
 */
public record FileUpload(Path path, String filename, String purpose, ProgressListener progress,
                         Optional<String> idempotencyKey) {
    public FileUpload {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    /** A LoRA file, named as on disk. */
    public static FileUpload lora(Path path) {
        return new FileUpload(path, path.getFileName().toString(), FileRules.PURPOSE_LORA, ProgressListener.NONE, Optional.empty());
    }

    public FileUpload withProgress(ProgressListener listener) {
        return new FileUpload(path, filename, purpose, listener, idempotencyKey);
    }

    public FileUpload withIdempotencyKey(String key) {
        return new FileUpload(path, filename, purpose, progress, Optional.of(key));
    }
}
