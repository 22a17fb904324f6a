package io.sail4j.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Done-when check: a 4 GiB file uploads from a client JVM whose heap is capped at 64 MiB
 * ({@code -Xmx64m}), so the upload is streamed, never buffered. The file is sparse (a hole on disk);
 * the server counts every byte of the file part and checks the multipart framing around it. (Content
 * hashes are checked on smaller files elsewhere; hashing 4 GiB twice would only slow this down.)
 */
class FourGibSparseUploadWithHeapCappedAt64MibTest {
    private static final long SIZE = 4L * 1024 * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void fourGibUploadsFromAJvmWithA64MibHeap() throws Exception {
        Path file = dir.resolve("adapter_model.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(SIZE);
        }
        try (RawUploadServer server = new RawUploadServer(attempt -> new RawUploadServer.Accept(), false, 0)) {
            ProcessBuilder child = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                    "-cp", System.getProperty("java.class.path"),
                    HeapCappedUploadMain.class.getName(), server.baseUrl(), file.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("child.log").toFile());
            child.environment().put("SAIL_API_KEY", "sk_test_heap_capped");
            Process process = child.start();
            boolean exited = process.waitFor(120, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            String output = java.nio.file.Files.readString(dir.resolve("child.log"), StandardCharsets.UTF_8);
            assertTrue(exited, "upload finished in time: " + output);
            assertEquals(0, process.exitValue(), output);

            Matcher result = Pattern.compile("bytes=(\\d+) progress=(\\d+) maxHeap=(\\d+) peakHeap=(\\d+)").matcher(output);
            assertTrue(result.find(), output);
            assertEquals(SIZE, Long.parseLong(result.group(1)));
            assertEquals(SIZE, Long.parseLong(result.group(2)));
            assertTrue(Long.parseLong(result.group(3)) <= 64L * 1024 * 1024, "heap capped: " + output);
            System.out.println(output.trim());
            assertEquals(1, server.registered.size());
            assertEquals(SIZE, server.registered.get(0).bytes());
        }
    }
}
