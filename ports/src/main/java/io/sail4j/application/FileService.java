package io.sail4j.application;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.FileId;
import io.sail4j.core.rules.FileRules;
import io.sail4j.core.error.Findings;
import io.sail4j.ports.in.LoraFiles;
import io.sail4j.ports.out.FileUpload;
import io.sail4j.ports.out.SailBackend;
import io.sail4j.ports.out.StoredFile;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Files on Sail: checks a file exists and is within the size limit before uploading it. */
final class FileService implements LoraFiles {
    private final SailBackend backend;

    FileService(SailBackend backend) {
        this.backend = backend;
    }

    @Override
    public CompletableFuture<StoredFile> upload(FileUpload upload) {
        Objects.requireNonNull(upload, "upload");
        if (!Files.isRegularFile(upload.path())) {
            return CompletableFuture.failedFuture(new InvalidRequestException(
                    Violation.of("file", "must be a readable file", upload.path())));
        }
        try {
            Findings size = FileRules.checkSize("file", Files.size(upload.path()));
            if (!size.ok()) {
                return CompletableFuture.failedFuture(new InvalidRequestException(size.errors()));
            }
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new InvalidRequestException(
                    Violation.of("file", "must be a readable file", upload.path() + ": " + e.getMessage())));
        }
        return backend.uploadFile(upload);
    }

    @Override
    public CompletableFuture<StoredFile> get(FileId id) {
        return backend.getFile(Objects.requireNonNull(id, "id"));
    }

    @Override
    public CompletableFuture<Void> delete(FileId id) {
        return backend.deleteFile(Objects.requireNonNull(id, "id"));
    }
}
