package io.sail4j.core.error;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Waiting for a LoRA's validation ran past its deadline. The LoRA exists; {@link #pending()} says which
 * models were still unfinished and in which status ({@code pending}, {@code running}, or {@code none}
 * when no record existed yet), so the caller can wait again or look later.
 */
public class ValidationTimeoutException extends SailTimeoutException {
    private static final long serialVersionUID = 1L;

    private final String lora;
    private final transient Map<String, String> pending;
    private final int attempts;
    private final Duration waited;

    /**
     * @param lora     the LoRA's name or id as the caller named it
     * @param pending  model id to the status of its latest validation, for every unfinished model
     * @param attempts how many times the LoRA was fetched
     * @param waited   how long the wait lasted
     */
    public ValidationTimeoutException(String lora, Map<String, String> pending, int attempts, Duration waited) {
        super(describe(lora, pending, attempts, waited));
        this.lora = lora;
        this.pending = Map.copyOf(new LinkedHashMap<>(pending));
        this.attempts = attempts;
        this.waited = waited;
    }

    public String lora() {
        return lora;
    }

    /** Model id to the status of its latest validation, for every model still unfinished. */
    public Map<String, String> pending() {
        return pending;
    }

    public int attempts() {
        return attempts;
    }

    public Duration waited() {
        return waited;
    }

    private static String describe(String lora, Map<String, String> pending, int attempts, Duration waited) {
        String models = pending.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
        return "validation of lora " + lora + " still unfinished after " + waited.toMillis() + " ms and "
                + attempts + (attempts == 1 ? " check" : " checks") + ": " + models;
    }
}
