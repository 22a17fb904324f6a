package io.sail4j.ports.in;

import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.StopCondition;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The Java twin of {@code sail.SailTokenCompleter}: token ids in, token ids (with per-token logprobs
 * when requested) out, each call a background Responses request on the configured completion window.
 *
 * <p>Built for RL rollouts: calls do not hold a thread while Sail samples, so thousands can be in
 * flight at once on a handful of threads; with {@link TokenCompleterOptions#maxInFlight()} set, calls
 * over the cap wait in a queue (without a thread each) and start as earlier ones finish. Thread-safe.
 */
public interface TokenCompleter {

    /**
     * Samples up to {@code maxTokens} of the options. Completes with the tokens, or fails with the
     * {@code SailException} subtype ({@code ResponseFailedException}, {@code SailTimeoutException}, an
     * API error). Cancelling the future stops waiting for it (or removes it from the queue).
     */
    CompletableFuture<SampledTokens> complete(ModelInput input, StopCondition stop);

    /** As {@link #complete(ModelInput, StopCondition)}, sampling at most the smaller of {@code maxTokens} and the options' limit. */
    CompletableFuture<SampledTokens> complete(ModelInput input, StopCondition stop, int maxTokens);

    /** Stops at {@code stop}. */
    default CompletableFuture<SampledTokens> complete(ModelInput input, String stop) {
        return complete(input, StopCondition.string(stop));
    }

    /** Stops at any of {@code stops}. */
    default CompletableFuture<SampledTokens> complete(ModelInput input, List<String> stops) {
        return complete(input, StopCondition.strings(stops));
    }

    /** Blocks for {@link #complete(ModelInput, StopCondition)}; throws its {@code SailException} unwrapped. */
    default SampledTokens completeBlocking(ModelInput input, StopCondition stop) {
        return Blocking.await(complete(input, stop));
    }

    TokenCompleterOptions options();

    /** Calls sent to Sail and not yet finished. */
    int inFlight();

    /** Calls waiting for a slot under {@link TokenCompleterOptions#maxInFlight()}. */
    int queued();
}
