package io.sail4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Settings shared by every benchmark of one invocation, and progress lines on standard error. */
record BenchContext(Path workDir, Path logDir, int runs, boolean quick, Instant started) {

    static BenchContext create(Path workDir, int runs, boolean quick) {
        try {
            Files.createDirectories(workDir);
            Path logs = Files.createDirectories(workDir.resolve("logs"));
            return new BenchContext(workDir, logs, runs, quick, Instant.now());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + workDir, e);
        }
    }

    void progress(String message) {
        long seconds = Duration.between(started, Instant.now()).toSeconds();
        System.err.printf("[bench %3d:%02d] %s%n", seconds / 60, seconds % 60, message);
    }

    Path log(String name) {
        return logDir.resolve(name + ".log");
    }
}
