package io.sail4j.core.error;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Futures wrap a failure on its way to the caller; callers classify by the failure itself. */
public final class CompletionFailures {
    private CompletionFailures() {
    }

    /**
     * The failure behind any {@link CompletionException} / {@link ExecutionException} wrappers; a
     * wrapper without a cause is returned as is.
     */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
