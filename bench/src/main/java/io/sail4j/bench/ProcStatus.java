package io.sail4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Figures of a Linux process from {@code /proc/<pid>/status} and {@code /proc/<pid>/io}; -1 when unavailable. */
final class ProcStatus {
    private ProcStatus() {
    }

    /** Peak resident set size (the kernel's high-water mark) of {@code pid}, in KiB. */
    static long peakRssKib(long pid) {
        return field(Path.of("/proc", Long.toString(pid), "status"), "VmHWM:");
    }

    static long peakRssKibOfSelf() {
        return peakRssKib(ProcessHandle.current().pid());
    }

    /** Bytes this process has asked the kernel to read so far ({@code rchar}: every read call, cached or not). */
    static long bytesReadBySelf() {
        return field(Path.of("/proc/self/io"), "rchar:");
    }

    private static long field(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process has exited, or this is not Linux
        }
        return -1;
    }
}
