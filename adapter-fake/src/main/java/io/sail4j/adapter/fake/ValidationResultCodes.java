package io.sail4j.adapter.fake;

import io.sail4j.adapter.fake.internal.ResultCodes;

/**
 * The {@code result_code} values the fake puts on a finished validation record, and (for a Tinker
 * checkpoint whose archive downloads but does not fit the model) on a failed response's
 * {@code error.code}. Sail does not publish its codes; these are the fake's, in one place. A failed
 * record's {@code result_message} lists every violation found, {@code "; "}-separated.
 *
 * <p>When an adapter breaks several rules, the code is the first of these that applies, in this order:
 * {@link #INVALID_ADAPTER_CONFIG}, {@link #INVALID_SAFETENSORS}, {@link #RANK_TOO_LARGE},
 * {@link #SHAPE_MISMATCH}.
 */
public final class ValidationResultCodes {
    /**
     * {@code adapter_config.json} is not a JSON object, is too large to be a config (over 1 MiB), or
     * breaks a config rule: {@code peft_type} {@code LORA}, {@code task_type} {@code CAUSAL_LM}, a
     * positive integer {@code r}, usable {@code target_modules} and {@code rank_pattern}.
     */
    public static final String INVALID_ADAPTER_CONFIG = ResultCodes.INVALID_ADAPTER_CONFIG;
    /** The weights file is not a well-formed safetensors file (prefix, header JSON, dtypes, offsets). */
    public static final String INVALID_SAFETENSORS = ResultCodes.INVALID_SAFETENSORS;
    /** {@code r} (or a {@code rank_pattern} rank) exceeds the model's max rank. */
    public static final String RANK_TOO_LARGE = ResultCodes.RANK_TOO_LARGE;
    /**
     * The {@code lora_A}/{@code lora_B} tensors do not fit the model: a module it does not have, a
     * dimension other than the module's, a missing half, a rank other than the config's, or no LoRA
     * tensors at all.
     */
    public static final String SHAPE_MISMATCH = ResultCodes.SHAPE_MISMATCH;
    /** On an {@code unverified} record: the model has no architecture the fake can check shapes against. */
    public static final String NO_ARCHITECTURE = ResultCodes.NO_ARCHITECTURE;
    /** A validation failed because a test asked for it ({@code InMemorySail.failNextValidation}) without naming a code. */
    public static final String FORCED_FAILURE = ResultCodes.FORCED_FAILURE;

    private ValidationResultCodes() {
    }
}
