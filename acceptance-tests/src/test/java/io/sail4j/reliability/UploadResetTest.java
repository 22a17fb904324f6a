package io.sail4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.adapter.fake.Fault;
import io.sail4j.adapter.fake.InMemorySail;
import io.sail4j.adapter.fake.SailEmulator;
import io.sail4j.adapter.http.HttpSailBackend;
import io.sail4j.application.Sail;
import io.sail4j.ports.in.Blocking;
import io.sail4j.ports.out.FileUpload;
import io.sail4j.ports.out.ProgressListener;
import io.sail4j.ports.out.StoredFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 256 MiB upload whose connection is reset at seeded random points of its body: the client sends
 * it again from the start under the same idempotency key, and Sail ends up holding it exactly once,
 * whole, with the file's SHA-256. No broken attempt leaves a partial file visible, neither while the
 * next attempt streams nor afterwards.
 */
class UploadResetTest {
    static final long SIZE = 256L << 20;
    static final int RESETS = 3;
    static final long SEED = 256;
    static final String API_KEY = "sk_reliability_upload";

    @TempDir
    Path tmp;

    /** What the progress listener saw of the attempt in flight, and what Sail showed at that moment. */
    record Sighting(int attempt, long sent, int filesVisible) {
    }

    /**
     * Hears the upload's progress: a count of bytes sent that drops means a new attempt began. Every
     * 32 MiB of each attempt it looks at what Sail holds. Attempts run one after another, so no two
     * calls overlap.
     */
    static final class Attempts implements ProgressListener {
        private final InMemorySail sail;
        final List<Sighting> sightings = new CopyOnWriteArrayList<>();
        private final Map<Integer, Long> reached = new ConcurrentHashMap<>();
        private volatile int attempt;
        private volatile long last = Long.MAX_VALUE;
        private volatile long nextLook;

        Attempts(InMemorySail sail) {
            this.sail = sail;
        }

        @Override
        public void onProgress(long sent, long total) {
            if (sent < last) {
                attempt++;
                nextLook = 0;
            }
            last = sent;
            reached.merge(attempt, sent, Math::max);
            if (sent >= nextLook) {
                sightings.add(new Sighting(attempt, sent, sail.files(API_KEY).size()));
                nextLook = sent + (32L << 20);
            }
        }

        int count() {
            return attempt;
        }

        /** The most bytes attempt {@code n} (from 1) had sent. */
        long reached(int n) {
            return reached.getOrDefault(n, 0L);
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void resetsMidBodyLeaveOneWholeFileWithTheRightSha256() throws Exception {
        Path file = tmp.resolve("adapter_model.safetensors");
        String sha256 = writePseudoRandom(file, SIZE, SEED);
        Random random = new Random(SEED);
        List<Long> resetPoints = new ArrayList<>();
        for (int i = 0; i < RESETS; i++) {
            // Anywhere in the file part, from its first MiB to its last.
            resetPoints.add((1L << 20) + (long) (random.nextDouble() * (SIZE - (2L << 20))));
        }

        try (InMemorySail fake = InMemorySail.create(); SailEmulator emulator = SailEmulator.serving(fake)) {
            resetPoints.forEach(at -> emulator.faults().next(1, "POST /v1/files", Fault.resetMidBody(at)));
            Attempts attempts = new Attempts(fake);
            FileUpload upload = FileUpload.lora(file).withIdempotencyKey("upload-reset-1").withProgress(attempts);
            StoredFile stored;
            try (Sail sail = Sail.over(HttpSailBackend.builder().apiKey(API_KEY).baseUrl(emulator.baseUrl())
                    .maxRetries(RESETS + 1).backoff(Duration.ofMillis(1), Duration.ofMillis(20)).build())) {
                stored = Blocking.await(sail.files().upload(upload));
            }

            assertEquals(SIZE, stored.bytes());
            List<InMemorySail.HeldFile> held = fake.files(API_KEY);
            assertEquals(1, held.size(), "landed once: " + held);
            assertEquals(stored.id(), held.get(0).id());
            assertEquals(SIZE, held.get(0).bytes());
            assertEquals(sha256, held.get(0).sha256());
            assertEquals(1, emulator.counters().created("file"));
            assertEquals(RESETS + 1, emulator.counters().requests("POST /v1/files"));
            Map<String, Long> expectedFaults = new TreeMap<>();
            resetPoints.forEach(at -> expectedFaults.merge(Fault.resetMidBody(at).toString(), 1L, Long::sum));
            assertEquals(expectedFaults, emulator.counters().faults());

            List<Sighting> sightings = attempts.sightings;
            assertEquals(RESETS + 1, attempts.count(), "every attempt restarted from the first byte: " + sightings);
            for (int a = 1; a <= RESETS; a++) {
                assertTrue(attempts.reached(a) >= 1L << 20, "attempt " + a + " got into the body before its reset: " + sightings);
            }
            assertTrue(sightings.stream().filter(s -> s.attempt() > 1).count() >= RESETS * 2L, sightings.toString());
            assertTrue(sightings.stream().allMatch(s -> s.filesVisible() == 0),
                    "no partial file was visible during any attempt: " + sightings);
        }
    }

    /** Writes {@code size} bytes that differ in every MiB, returning their SHA-256. */
    static String writePseudoRandom(Path file, long size, long seed) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random random = new Random(seed);
        byte[] block = new byte[1 << 20];
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                int length = (int) Math.min(block.length, size - written);
                sha.update(block, 0, length);
                ByteBuffer buffer = ByteBuffer.wrap(block, 0, length);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
