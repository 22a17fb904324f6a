package io.sail4j.adapter.fake.internal;

/** Metadata keys Sail reads off a request (sail-api.md); the emulator and the in-memory backend share them. */
public final class WireNames {
    public static final String LORA = "lora";
    public static final String COMPLETION_WINDOW = "completion_window";
    public static final String TINKER_URL = "tinker_lora_signed_url";
    public static final String TINKER_CONFIG = "tinker_lora_adapter_config";
    public static final String TINKER_NAME = "tinker_lora_name";
    /** The fake's own: an integer that varies the deterministic sample. */
    public static final String SEED = "seed";

    private WireNames() {
    }
}
