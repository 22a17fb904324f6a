package io.sail4j.ports.in;

import io.sail4j.core.error.CompletionFailures;
import io.sail4j.core.error.SailException;
import io.sail4j.core.error.SailTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Waits for a sail4j future and rethrows its failure as the {@link SailException} it is, not wrapped. */
public final class Blocking {
    private Blocking() {
    }

    /**
     * The future's value. A {@link SailException} (or other unchecked exception) it failed with is
     * rethrown as is, a cancelled future throws {@link java.util.concurrent.CancellationException};
     * interruption keeps the interrupt flag and throws {@link SailTimeoutException}.
     */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SailTimeoutException("interrupted while waiting", e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    /** The failure behind {@link CompletionException}/{@link ExecutionException} wrappers. */
    public static RuntimeException unwrap(Throwable failure) {
        Throwable cause = CompletionFailures.unwrap(failure);
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new SailException(String.valueOf(cause.getMessage()), cause);
    }
}
