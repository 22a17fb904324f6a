package io.sail4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;

/**
 * Samples the heap in use every few milliseconds (and open file descriptors, sockets included, every
 * 50 ms) and reads the JVM's peak live thread count, from
 * {@link #start()} until {@link #stop()}. Its own sampling thread is counted too (one thread, for
 * every client alike).
 */
final class JvmSampler {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long peakHeapBytes;
    private volatile long peakOpenFiles;
    private final int threadsAtStart;

    private JvmSampler() {
        threads.resetPeakThreadCount();
        this.threadsAtStart = threads.getThreadCount();
        this.sampler = new Thread(this::sample, "bench-sampler");
        sampler.setDaemon(true);
    }

    static JvmSampler start() {
        JvmSampler sampler = new JvmSampler();
        sampler.sampler.start();
        return sampler;
    }

    private void sample() {
        long samples = 0;
        while (running) {
            long used = memory.getHeapMemoryUsage().getUsed();
            if (used > peakHeapBytes) {
                peakHeapBytes = used;
            }
            if (samples++ % 10 == 0) {
                peakOpenFiles = Math.max(peakOpenFiles, openFiles());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void stop() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long peakHeapBytes() {
        return Math.max(peakHeapBytes, memory.getHeapMemoryUsage().getUsed());
    }

    /** Peak open file descriptors (sockets included), sampled every 50 ms. */
    long peakOpenFiles() {
        return Math.max(peakOpenFiles, openFiles());
    }

    private static long openFiles() {
        try (java.util.stream.Stream<java.nio.file.Path> fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    int peakThreads() {
        return threads.getPeakThreadCount();
    }

    int threadsAtStart() {
        return threadsAtStart;
    }
}
