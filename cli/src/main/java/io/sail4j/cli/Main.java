package io.sail4j.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The {@code sail} executable. */
public final class Main {
    /** Held so the level set on it is not lost when the logger is collected. */
    private static final Logger JLINE_LOG = Logger.getLogger("org.jline");

    private Main() {
    }

    public static void main(String[] args) {
        configureLogging(List.of(args).contains("--verbose") || List.of(args).contains("-v"));
        Charset charset = System.console() != null ? System.console().charset() : Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, charset), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, charset), true);
        CompletableFuture<Void> stop = new CompletableFuture<>();
        // Ctrl-C ends a long-running command (sail emulator); what it holds dies with the process.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.complete(null), "sail-shutdown"));
        CliContext context = new CliContext(out, err, System.getenv(), System.console() != null, stop);
        int exitCode = SailCli.run(context, args);
        out.flush();
        err.flush();
        System.exit(exitCode);
    }

    /**
     * slf4j-simple reads its settings once, when the first logger is made, so they are set before
     * anything logs: warnings by default, sail4j's debug lines with {@code --verbose}.
     */
    static void configureLogging(boolean verbose) {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
        if (verbose) {
            setIfAbsent("org.slf4j.simpleLogger.log.io.sail4j", "debug");
        } else {
            // The registration's warnings are printed by the command itself, once.
            setIfAbsent("org.slf4j.simpleLogger.log.io.sail4j.application.Registrar", "error");
        }
        // jline (under the progress bars) reports a missing terminal through java.util.logging.
        JLINE_LOG.setLevel(verbose ? Level.INFO : Level.OFF);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
