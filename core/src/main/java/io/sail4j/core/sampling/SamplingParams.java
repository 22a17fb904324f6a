package io.sail4j.core.sampling;

import io.sail4j.core.error.Findings;

/**
 * The documented sampling parameters with their rules: {@code max_tokens} > 0, temperature in
 * [0, 2], top_p in [0, 1]. Defaults as Sail's token completer: temperature 1.0, top_p 1.0, logprobs on.
 */
public record SamplingParams(int maxTokens, double temperature, double topP, boolean logprobs) {
    public static final double DEFAULT_TEMPERATURE = 1.0;
    public static final double DEFAULT_TOP_P = 1.0;

    public SamplingParams {
        check(maxTokens, temperature, topP).orThrow();
    }

    public static SamplingParams of(int maxTokens) {
        return new SamplingParams(maxTokens, DEFAULT_TEMPERATURE, DEFAULT_TOP_P, true);
    }

    /** Every rule these values break, for callers that collect violations across fields. */
    public static Findings check(long maxTokens, double temperature, double topP) {
        Findings.Collector found = new Findings.Collector();
        if (maxTokens <= 0 || maxTokens > Integer.MAX_VALUE) {
            found.error("max_tokens", "must be a positive integer", maxTokens);
        }
        if (!(temperature >= 0.0 && temperature <= 2.0)) {
            found.error("temperature", "must be between 0 and 2", temperature);
        }
        if (!(topP >= 0.0 && topP <= 1.0)) {
            found.error("top_p", "must be between 0 and 1", topP);
        }
        return found.findings();
    }

    /** The same parameters with at most {@code limit} tokens (the smaller of the two wins). */
    public SamplingParams capped(int limit) {
        return new SamplingParams(Math.min(maxTokens, limit), temperature, topP, logprobs);
    }

    public SamplingParams withTemperature(double value) {
        return new SamplingParams(maxTokens, value, topP, logprobs);
    }

    public SamplingParams withTopP(double value) {
        return new SamplingParams(maxTokens, temperature, value, logprobs);
    }

    public SamplingParams withLogprobs(boolean value) {
        return new SamplingParams(maxTokens, temperature, topP, value);
    }
}
