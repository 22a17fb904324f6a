package io.sail4j.bench;

import io.sail4j.core.model.ModelCatalog;

/** The raw-token completion both clients run: same model, prompt length, sampling and stop. */
final class CompletionWorkload {
    static final String MODEL = ModelCatalog.KIMI_K2_6.value();
    static final int PROMPT_TOKENS = 64;
    static final int MAX_TOKENS = 16;
    static final double TEMPERATURE = 0.7;
    /** Kimi-K2.6's end-of-turn token id. */
    static final int STOP_TOKEN = 163586;
    static final String WINDOW = "priority";
    /** Completions run before measuring, so both clients are past JIT warm-up and connection setup. */
    static final int WARM_UP = 200;

    private CompletionWorkload() {
    }

    /** The {@code i}-th prompt: distinct per call, so no two requests are the same. */
    static int[] prompt(int i) {
        int[] tokens = new int[PROMPT_TOKENS];
        for (int t = 0; t < tokens.length; t++) {
            tokens[t] = (int) ((i * 7919L + t * 104729L) % 160_000);
        }
        return tokens;
    }
}
