package io.sail4j.ports.out;

/**
 * Upload progress. Called from the uploading thread, often; keep it cheap. A retry starts again
 * from zero, so {@code bytesSent} can go down.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (sent, total) -> { };

    void onProgress(long bytesSent, long totalBytes);
}
