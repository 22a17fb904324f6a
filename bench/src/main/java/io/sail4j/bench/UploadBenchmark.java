package io.sail4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.sail4j.adapter.fake.SailEmulator;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 1: uploading a file to the emulator with sail4j ({@code Sail.files().upload}, in a JVM of
 * its own) against {@code curl -F file=@... -F purpose=lora} to the same emulator, the floor of what
 * the transport does here; and sail4j's peak resident memory for a small and a large sparse file.
 */
final class UploadBenchmark {
    static final String API_KEY = "sk_bench_upload";
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    private final BenchContext context;

    UploadBenchmark(BenchContext context) {
        this.context = context;
    }

    /** One upload: how long it took, and the uploader's peak resident memory. */
    record Run(double seconds, long bytes, long peakRssKib, long rssBeforeKib) {
        double megabytesPerSecond() {
            return bytes / seconds / 1e6;
        }
    }

    Section run() {
        long size = context.quick() ? 64 * MIB : GIB;
        long largeSize = context.quick() ? GIB : 16 * GIB;
        Path file = writeRealFile(context.workDir().resolve("upload-" + size / MIB + "MiB.bin"), size);
        Path large = writeSparseFile(context.workDir().resolve("upload-" + largeSize / GIB + "GiB-sparse.bin"), largeSize);
        List<Run> sail4j = new ArrayList<>();
        List<Run> curl = new ArrayList<>();
        Run largeRun;
        try (SailEmulator emulator = SailEmulator.builder().start()) {
            String baseUrl = emulator.baseUrl().toString();
            context.progress("upload: warming the emulator up (one untimed upload)");
            curl(baseUrl, file);
            for (int i = 1; i <= context.runs(); i++) {
                // alternate who goes first, so neither always meets a page cache or emulator the other just warmed
                boolean curlFirst = i % 2 == 1;
                for (int turn = 0; turn < 2; turn++) {
                    if ((turn == 0) == curlFirst) {
                        context.progress("upload " + i + "/" + context.runs() + ": curl, " + size / MIB + " MiB");
                        curl.add(curl(baseUrl, file));
                    } else {
                        context.progress("upload " + i + "/" + context.runs() + ": sail4j, " + size / MIB + " MiB");
                        sail4j.add(sail4j(baseUrl, file, "upload-sail4j-" + i));
                    }
                }
            }
            context.progress("upload: sail4j, " + largeSize / GIB + " GiB sparse file (peak RSS)");
            largeRun = sail4j(baseUrl, large, "upload-sail4j-large");
        }
        return report(size, largeSize, sail4j, curl, largeRun);
    }

    private Section report(long size, long largeSize, List<Run> sail4j, List<Run> curl, Run largeRun) {
        double curlRate = Stats.median(curl.stream().map(Run::megabytesPerSecond).toList());
        double sailRate = Stats.median(sail4j.stream().map(Run::megabytesPerSecond).toList());
        double curlRss = Stats.median(curl.stream().map(Run::peakRssKib).toList()) * 1024;
        double sailRss = Stats.median(sail4j.stream().map(Run::peakRssKib).toList()) * 1024;
        String sizeText = size >= GIB ? size / GIB + " GiB" : size / MIB + " MiB";
        MarkdownTable throughput = new MarkdownTable("Uploader (" + sizeText + " file)", "MB/s, median", "runs, MB/s",
                "vs curl", "peak RSS, median");
        throughput.row("curl -F (baseline)", MarkdownTable.fixed(curlRate, 0), rates(curl), "1.00x", MarkdownTable.mib(curlRss));
        throughput.row("sail4j `Sail.files().upload`", MarkdownTable.fixed(sailRate, 0), rates(sail4j),
                MarkdownTable.ratio(sailRate / curlRate), MarkdownTable.mib(sailRss));
        MarkdownTable memory = new MarkdownTable("sail4j uploading", "MB/s", "RSS before the upload", "peak RSS (VmHWM)",
                "peak RSS vs " + sizeText);
        double smallPeak = Stats.median(sail4j.stream().map(Run::peakRssKib).toList()) * 1024;
        double smallBefore = Stats.median(sail4j.stream().map(Run::rssBeforeKib).toList()) * 1024;
        memory.row(sizeText + " file", MarkdownTable.fixed(sailRate, 0), MarkdownTable.mib(smallBefore), MarkdownTable.mib(smallPeak), "1.00x");
        memory.row(largeSize / GIB + " GiB sparse file", MarkdownTable.fixed(largeRun.megabytesPerSecond(), 0),
                MarkdownTable.mib(largeRun.rssBeforeKib() * 1024.0), MarkdownTable.mib(largeRun.peakRssKib() * 1024.0),
                MarkdownTable.ratio(largeRun.peakRssKib() * 1024.0 / smallPeak));
        return new Section("1. Upload")
                .text("A " + sizeText + " file (real bytes, in the page cache) uploaded to the emulator as `POST /v1/files` "
                        + "multipart, " + context.runs() + " times each, alternating who goes first, after one untimed upload that "
                        + "warms the emulator up. sail4j runs in a fresh JVM per upload "
                        + "(default JVM options, so JIT warm-up is included, as for a CLI); curl is a fresh process too. "
                        + "MB/s is 10^6 bytes of file per second. RSS is the kernel's peak resident set (`VmHWM` in "
                        + "`/proc/<pid>/status`): read by the sail4j JVM itself after its upload, sampled every 10 ms for curl.")
                .table(throughput)
                .text("Peak resident memory of the sail4j uploader must not grow with the file: the file is streamed "
                        + "from disk with a real Content-Length, never held.")
                .table(memory);
    }

    private static String rates(List<Run> runs) {
        return String.join(", ", runs.stream().map(r -> MarkdownTable.fixed(r.megabytesPerSecond(), 0)).toList());
    }

    private Run sail4j(String baseUrl, Path file, String name) {
        try (ForkedJvm probe = ForkedJvm.start(name, context.log(name), List.of(), UploadProbe.class,
                List.of(baseUrl, API_KEY, file.toString()))) {
            probe.awaitReady(Duration.ofMinutes(2));
            probe.go();
            Map<String, Object> result = probe.result(Duration.ofMinutes(30));
            long bytes = ((Number) result.get("bytes")).longValue();
            if (bytes != size(file)) {
                throw new IllegalStateException("sail4j upload stored " + bytes + " bytes of " + size(file));
            }
            return new Run(((Number) result.get("seconds")).doubleValue(), bytes,
                    ((Number) result.get("peakRssKib")).longValue(), ((Number) result.get("rssBeforeKib")).longValue());
        }
    }

    private Run curl(String baseUrl, Path file) {
        Path body = context.workDir().resolve("curl-answer.json");
        List<String> command = List.of("curl", "-sS", "-o", body.toString(), "-w", "%{http_code} %{time_total}",
                "-H", "Authorization: Bearer " + API_KEY, "-F", "file=@" + file, "-F", "purpose=lora", baseUrl + "/files");
        try {
            Process curl = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(context.log("curl").toFile())).start();
            long peakKib = 0;
            while (!curl.waitFor(10, TimeUnit.MILLISECONDS)) {
                peakKib = Math.max(peakKib, ProcStatus.peakRssKib(curl.pid()));
            }
            String[] written = new String(curl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split(" ");
            if (curl.exitValue() != 0 || !written[0].equals("200")) {
                throw new IllegalStateException("curl upload failed: exit " + curl.exitValue() + ", HTTP " + written[0]);
            }
            JsonNode stored = Probes.JSON.readTree(body.toFile());
            if (stored.path("bytes").asLong() != size(file)) {
                throw new IllegalStateException("curl upload stored " + stored.path("bytes") + " bytes of " + size(file));
            }
            return new Run(Double.parseDouble(written[1]), size(file), peakKib, -1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run curl (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of {@code size} pseudo-random bytes, written once and reused while it has that size. */
    private Path writeRealFile(Path file, long size) {
        if (Files.exists(file) && size(file) == size) {
            return file;
        }
        context.progress("writing " + size / MIB + " MiB test file " + file.getFileName());
        byte[] chunk = new byte[(int) MIB];
        new Random(42).nextBytes(chunk);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long written = 0; written < size; written += chunk.length) {
                ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, (int) Math.min(chunk.length, size - written));
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** A sparse file: {@code size} bytes on paper, a hole on disk. */
    private static Path writeSparseFile(Path file, long size) {
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(0);
            out.setLength(size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
