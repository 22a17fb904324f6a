package io.sail4j.adapter.http;

import static io.sail4j.adapter.http.TransportFaultTest.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.SailTimeoutException;
import io.sail4j.core.rules.FileRules;
import io.sail4j.ports.out.FileUpload;
import io.sail4j.ports.out.StoredFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Multipart uploads streamed from disk: Content-Length, progress, resets, stalls, slow links, size limit. */
class StreamingUploadTest {
    private static final String KEY = TransportFaultTest.KEY;

    @TempDir
    Path dir;

    static Path randomFile(Path dir, String name, int bytes) throws IOException {
        byte[] data = new byte[bytes];
        new Random(42).nextBytes(data);
        return Files.write(dir.resolve(name), data);
    }

    static Path sparseFile(Path dir, String name, long bytes) throws IOException {
        Path file = dir.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(bytes);
        }
        return file;
    }

    static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(Files.readAllBytes(file));
        return HexFormat.of().formatHex(sha.digest());
    }

    private static HttpSailBackend.Builder backend(RawUploadServer server) {
        return HttpSailBackend.builder().apiKey(KEY).baseUrl(server.baseUrl()).maxRetries(2)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(10));
    }

    private static RawUploadServer server(IntFunction<RawUploadServer.Behaviour> script) throws IOException {
        return new RawUploadServer(script, true, 64 * 1024);
    }

    @Test
    void uploadStreamsTheFileWithARealContentLengthAndReportsProgress() throws Exception {
        Path file = randomFile(dir, "adapter_model.safetensors", 3 * 1024 * 1024 + 7);
        List<long[]> progress = new CopyOnWriteArrayList<>();
        try (RawUploadServer server = server(attempt -> new RawUploadServer.Accept());
             HttpSailBackend sail = backend(server).build()) {
            StoredFile stored = sail.uploadFile(FileUpload.lora(file).withProgress((sent, total) -> progress.add(new long[] {sent, total})))
                    .join();

            assertEquals("adapter_model.safetensors", stored.filename());
            assertEquals(Files.size(file), stored.bytes());
            assertEquals("lora", stored.purpose());
            RawUploadServer.Attempt attempt = server.attempts.get(0);
            assertTrue(attempt.contentLength() > Files.size(file), "multipart length, declared up front");
            assertNull(attempt.transferEncoding(), "not chunked");
            assertEquals("Bearer " + KEY, attempt.authorization());
            assertEquals(sha256(file), server.registered.get(0).sha256());
            long[] last = progress.get(progress.size() - 1);
            assertEquals(Files.size(file), last[0]);
            assertEquals(Files.size(file), last[1]);
        }
    }

    @Test
    void resetMidUploadResendsTheWholeFileAndRegistersItOnce() throws Exception {
        Path file = randomFile(dir, "weights.safetensors", 8 * 1024 * 1024);
        List<Long> sent = new CopyOnWriteArrayList<>();
        try (RawUploadServer server = server(attempt -> attempt == 1
                ? new RawUploadServer.ResetAfter(2 * 1024 * 1024) : new RawUploadServer.Accept());
             HttpSailBackend sail = backend(server).build()) {
            StoredFile stored = sail.uploadFile(FileUpload.lora(file).withProgress((bytes, total) -> sent.add(bytes))).join();

            assertEquals(2, server.attempts.size());
            assertEquals(server.attempts.get(0).idempotencyKey(), server.attempts.get(1).idempotencyKey());
            assertEquals(1, server.registered.size());
            assertEquals(sha256(file), server.registered.get(0).sha256());
            assertEquals(Files.size(file), stored.bytes());
            boolean restarted = false;
            for (int i = 1; i < sent.size(); i++) {
                restarted |= sent.get(i) < sent.get(i - 1);
            }
            assertTrue(restarted, "progress starts again from zero on the retry");
        }
    }

    @Test
    void stalledUploadTimesOut() throws Exception {
        Path file = sparseFile(dir, "big.safetensors", 64L * 1024 * 1024);
        try (RawUploadServer server = server(attempt -> new RawUploadServer.StallAfter(256 * 1024));
             HttpSailBackend sail = backend(server).maxRetries(0).uploadStallTimeout(Duration.ofMillis(500)).build()) {
            long started = System.nanoTime();
            SailTimeoutException e = assertInstanceOf(SailTimeoutException.class, failure(sail.uploadFile(FileUpload.lora(file))));
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(e.getMessage().contains("stalled"), e.getMessage());
            assertTrue(tookMs >= 500 && tookMs < 10_000, "took " + tookMs);
        }
    }

    @Test
    void stalledAttemptIsRetriedFromTheStart() throws Exception {
        Path file = randomFile(dir, "weights.safetensors", 8 * 1024 * 1024);
        try (RawUploadServer server = server(attempt -> attempt == 1
                ? new RawUploadServer.StallAfter(256 * 1024) : new RawUploadServer.Accept());
             HttpSailBackend sail = backend(server).uploadStallTimeout(Duration.ofMillis(500)).build()) {
            sail.uploadFile(FileUpload.lora(file)).join();
            assertEquals(1, server.registered.size());
            assertEquals(sha256(file), server.registered.get(0).sha256());
        }
    }

    @Test
    void slowButMovingUploadDoesNotTimeOut() throws Exception {
        // About 6 MB/s: slow enough to outlast the stall timeout, fast enough that the kernel's send
        // buffer (which wakes a blocked writer only once a third of it is free) drains well within it.
        Path file = randomFile(dir, "weights.safetensors", 16 * 1024 * 1024);
        try (RawUploadServer server = server(attempt -> new RawUploadServer.Slow(64 * 1024, 10));
             HttpSailBackend sail = backend(server).maxRetries(0).uploadStallTimeout(Duration.ofMillis(700)).build()) {
            long started = System.nanoTime();
            StoredFile stored = sail.uploadFile(FileUpload.lora(file)).join();
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(Files.size(file), stored.bytes());
            assertTrue(tookMs > 1000, "the transfer outlasted the stall timeout several times over: " + tookMs);
            assertEquals(1, server.attempts.size());
        }
    }

    @Test
    void fileOver100GibIsRefusedBeforeTheFirstByte() throws Exception {
        Path file = sparseFile(dir, "huge.safetensors", FileRules.MAX_FILE_BYTES + 1);
        try (RawUploadServer server = server(attempt -> new RawUploadServer.Accept());
             HttpSailBackend sail = backend(server).build()) {
            InvalidRequestException e = assertInstanceOf(InvalidRequestException.class, failure(sail.uploadFile(FileUpload.lora(file))));
            assertTrue(e.names("file"), e.getMessage());
            assertTrue(server.attempts.isEmpty());
        }
    }

    @Test
    void missingFileIsRefusedNamingTheField() throws Exception {
        try (RawUploadServer server = server(attempt -> new RawUploadServer.Accept());
             HttpSailBackend sail = backend(server).build()) {
            InvalidRequestException e = assertInstanceOf(InvalidRequestException.class,
                    failure(sail.uploadFile(FileUpload.lora(dir.resolve("absent.safetensors")))));
            assertTrue(e.names("file"));
        }
    }
}
