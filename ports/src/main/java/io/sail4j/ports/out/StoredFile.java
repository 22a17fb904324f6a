package io.sail4j.ports.out;

import io.sail4j.core.lora.FileId;
import java.time.Instant;

/** A file stored on Sail. */
public record StoredFile(FileId id, String filename, long bytes, String purpose, Instant createdAt) {
}
