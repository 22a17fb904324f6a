package io.sail4j.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the benchmarks ran on: CPU, cores, memory, JVM, OS, and how busy the machine was. */
final class Machine {
    private Machine() {
    }

    static String cpuModel() {
        return firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    static String memory() {
        return firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(kb -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb.replace("kB", "").trim()) / (1024.0 * 1024)))
                .orElse("unknown");
    }

    static String jvm() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vm.vendor") + ")";
    }

    static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
    }

    /** The 1-minute load average: other work on the machine shows here. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static String curlVersion() {
        try {
            Process curl = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start();
            String first = new String(curl.getInputStream().readAllBytes()).lines().findFirst().orElse("curl");
            curl.waitFor();
            return first.split(" \\(")[0];
        } catch (IOException e) {
            return "curl not found";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "curl";
        }
    }

    private static java.util.Optional<String> firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
