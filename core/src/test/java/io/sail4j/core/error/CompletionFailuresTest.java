package io.sail4j.core.error;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class CompletionFailuresTest {
    private final SailException failure = new TransportException("connection reset", null, false);

    @Test
    void nestedWrappersOfBothKindsAreRemoved() {
        Throwable wrapped = new CompletionException(new ExecutionException(new CompletionException(failure)));
        assertSame(failure, CompletionFailures.unwrap(wrapped));
    }

    @Test
    void anUnwrappedFailureIsReturnedAsIs() {
        assertSame(failure, CompletionFailures.unwrap(failure));
    }

    @Test
    void otherWrappersAreKeptBecauseTheyAreTheFailure() {
        RuntimeException other = new RuntimeException(failure);
        assertSame(other, CompletionFailures.unwrap(new CompletionException(other)));
    }

    @Test
    void aWrapperWithoutACauseIsTheFailure() {
        CompletionException empty = new CompletionException("cancelled upstream", null);
        assertSame(empty, CompletionFailures.unwrap(empty));
    }
}
