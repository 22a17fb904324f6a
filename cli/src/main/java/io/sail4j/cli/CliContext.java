package io.sail4j.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What a command sees of the world: where to print, the environment it reads its settings from,
 * whether a person is watching (progress bars) and the signal that stops a long-running command.
 * {@link Main} builds the real one; tests build their own.
 */
public final class CliContext {
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> env;
    private final boolean interactive;
    private final CompletableFuture<Void> stopSignal;

    /**
     * @param out         results (what scripts read)
     * @param err         progress, warnings and errors
     * @param env         the environment ({@code SAIL_API_KEY}, {@code SAIL_BASE_URL}, {@code TINKER_API_KEY})
     * @param interactive whether to draw progress bars (a terminal) or print plain lines
     * @param stopSignal  completes when a long-running command ({@code sail emulator}) should stop
     */
    public CliContext(PrintWriter out, PrintWriter err, Map<String, String> env, boolean interactive,
                      CompletableFuture<Void> stopSignal) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.env = Map.copyOf(env);
        this.interactive = interactive;
        this.stopSignal = Objects.requireNonNull(stopSignal, "stopSignal");
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    /** An environment variable, empty when unset or blank. */
    public Optional<String> env(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** The whole environment, for settings read elsewhere (Tinker's). */
    public Map<String, String> environment() {
        return env;
    }

    public boolean interactive() {
        return interactive;
    }

    public CompletableFuture<Void> stopSignal() {
        return stopSignal;
    }
}
