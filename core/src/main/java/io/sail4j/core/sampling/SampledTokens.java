package io.sail4j.core.sampling;

import io.sail4j.core.error.InvalidAnswerException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What one sample returned: token ids, per-token logprobs when requested (same length), and why it
 * stopped. Immutable.
 */
public final class SampledTokens {
    private final int[] tokens;
    private final double[] logprobs;
    private final StopReason stopReason;

    private SampledTokens(int[] tokens, double[] logprobs, StopReason stopReason) {
        this.tokens = tokens;
        this.logprobs = logprobs;
        this.stopReason = stopReason;
    }

    /** @param logprobs null when not requested; otherwise one per token */
    public static SampledTokens of(int[] tokens, double[] logprobs, StopReason stopReason) {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(stopReason, "stopReason");
        if (logprobs != null && logprobs.length != tokens.length) {
            throw new InvalidAnswerException("logprobs has " + logprobs.length + " entries for " + tokens.length + " tokens");
        }
        return new SampledTokens(tokens.clone(), logprobs == null ? null : logprobs.clone(), stopReason);
    }

    public int[] tokens() {
        return tokens.clone();
    }

    public int length() {
        return tokens.length;
    }

    public int token(int index) {
        return tokens[index];
    }

    /** Per-token logprobs; empty when logprobs were not requested. */
    public Optional<double[]> logprobs() {
        return logprobs == null ? Optional.empty() : Optional.of(logprobs.clone());
    }

    public StopReason stopReason() {
        return stopReason;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SampledTokens that && Arrays.equals(tokens, that.tokens)
                && Arrays.equals(logprobs, that.logprobs) && stopReason == that.stopReason;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(tokens) + Arrays.hashCode(logprobs)) + stopReason.hashCode();
    }

    @Override
    public String toString() {
        return "SampledTokens[" + tokens.length + " tokens, logprobs=" + (logprobs != null) + ", " + stopReason.wireName() + "]";
    }
}
