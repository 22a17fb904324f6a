package io.sail4j.application;

import io.sail4j.ports.out.ProgressListener;

/** Adds up the progress of concurrent uploads into one listener's view of the total. */
final class CombinedProgress {
    private final ProgressListener target;
    private final long totalBytes;
    private final long[] sent;

    CombinedProgress(ProgressListener target, long totalBytes, int parts) {
        this.target = target;
        this.totalBytes = totalBytes;
        this.sent = new long[parts];
    }

    /** The listener for upload {@code index}. Calls reach the target one at a time. */
    ProgressListener part(int index) {
        return (bytesSent, ignoredTotal) -> {
            synchronized (this) {
                sent[index] = bytesSent;
                long sum = 0;
                for (long value : sent) {
                    sum += value;
                }
                target.onProgress(sum, totalBytes);
            }
        };
    }
}
