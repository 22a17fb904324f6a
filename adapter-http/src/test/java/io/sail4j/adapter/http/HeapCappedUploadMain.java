package io.sail4j.adapter.http;

import io.sail4j.ports.out.FileUpload;
import io.sail4j.ports.out.StoredFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Uploads one file with {@link HttpSailBackend} and prints what happened; run in a JVM of its own
 * (with a small {@code -Xmx}) by the heap-capped upload test. Arguments: base URL, file. The key
 * comes from {@code SAIL_API_KEY}.
 */
public final class HeapCappedUploadMain {

    private HeapCappedUploadMain() {
    }

    public static void main(String[] args) {
        AtomicLong lastProgress = new AtomicLong();
        long started = System.nanoTime();
        try (HttpSailBackend sail = HttpSailBackend.builder().fromEnv().baseUrl(args[0]).build()) {
            StoredFile stored = sail.uploadFile(FileUpload.lora(Path.of(args[1]))
                    .withProgress((sent, total) -> lastProgress.set(sent))).join();
            long peakHeap = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                    peakHeap += pool.getPeakUsage().getUsed();
                }
            }
            System.out.println("uploaded id=" + stored.id() + " bytes=" + stored.bytes() + " progress=" + lastProgress.get()
                    + " maxHeap=" + Runtime.getRuntime().maxMemory() + " peakHeap=" + peakHeap
                    + " millis=" + (System.nanoTime() - started) / 1_000_000);
        }
    }
}
