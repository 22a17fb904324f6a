package io.sail4j.adapter.fake.internal;

/** The validation result codes, as values; {@code ValidationResultCodes} documents them for users. */
public final class ResultCodes {
    public static final String INVALID_ADAPTER_CONFIG = "invalid_adapter_config";
    public static final String INVALID_SAFETENSORS = "invalid_safetensors";
    public static final String RANK_TOO_LARGE = "rank_too_large";
    public static final String SHAPE_MISMATCH = "shape_mismatch";
    public static final String NO_ARCHITECTURE = "no_architecture";
    public static final String FORCED_FAILURE = "forced_failure";

    private ResultCodes() {
    }
}
