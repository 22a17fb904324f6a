package io.sail4j.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A probe run in a JVM of its own (same class path as this one), so its threads, heap and resident
 * memory are its own. It talks over standard input and output: lines starting with
 * {@link Probes#READY} or {@link Probes#RESULT_PREFIX} are read here, the rest go to a log file.
 */
final class ForkedJvm implements AutoCloseable {
    private static final String END = "\u0000end";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final String name;

    private ForkedJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(() -> pump(log), "probe-output-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code mainClass} with these JVM options and arguments; its standard error goes to {@code log}. */
    static ForkedJvm start(String name, Path log, List<String> jvmOptions, Class<?> mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new ForkedJvm(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start probe " + name, e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Waits for the probe to say it is ready (set up and warmed, about to be measured). */
    void awaitReady(Duration timeout) {
        String line = next(timeout);
        if (!line.equals(Probes.READY)) {
            throw new IllegalStateException("probe " + name + " said '" + line + "' instead of ready");
        }
    }

    /** Tells a waiting probe to go on. */
    void go() {
        try {
            OutputStream in = process.getOutputStream();
            in.write("go\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("probe " + name + " went away", e);
        }
    }

    /** The probe's result line, parsed; fails when it exits or times out without one. */
    Map<String, Object> result(Duration timeout) {
        String line = next(timeout);
        if (!line.startsWith(Probes.RESULT_PREFIX)) {
            throw new IllegalStateException("probe " + name + " said '" + line + "' instead of its result");
        }
        try {
            return Probes.JSON.readValue(line.substring(Probes.RESULT_PREFIX.length()), new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("probe " + name + " printed an unreadable result: " + line, e);
        }
    }

    private String next(Duration timeout) {
        try {
            String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new IllegalStateException("probe " + name + " gave no answer within " + timeout.toSeconds() + " s");
            }
            if (line.equals(END)) {
                throw new IllegalStateException("probe " + name + " exited (code " + exitCode() + ") without an answer; see its log");
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for probe " + name, e);
        }
    }

    private String exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private void pump(Path log) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             java.io.Writer logOut = java.nio.file.Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                     java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals(Probes.READY) || line.startsWith(Probes.RESULT_PREFIX)) {
                    lines.add(line);
                } else {
                    logOut.write(line);
                    logOut.write('\n');
                    logOut.flush();
                }
            }
        } catch (IOException e) {
            // the probe's output closed
        } finally {
            lines.add(END);
        }
    }

    /** Waits briefly for the probe to exit, and ends it (this probe only) if it does not. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
