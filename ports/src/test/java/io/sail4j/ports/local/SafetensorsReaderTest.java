package io.sail4j.ports.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.Violation;
import io.sail4j.core.error.Findings;
import io.sail4j.core.rules.SafetensorsRules;
import io.sail4j.core.safetensors.SafetensorsHeader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

// Only the header of a safetensors file is read (the 8-byte length prefix and the JSON after it), never
// the tensor bytes; the header is at most 100,000,000 bytes and may be padded with spaces.
class SafetensorsReaderTest {
    static final String ONE_TENSOR = "{\"__metadata__\":{\"format\":\"pt\"},\"t\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}}";

    @TempDir
    Path dir;

    /** The 8-byte little-endian prefix. */
    static byte[] prefix(long headerLength) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength).array();
    }

    /** A file of prefix + header + {@code dataBytes} bytes of data (written, not sparse). */
    Path file(String header, long dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        Path path = Files.createTempFile(dir, "weights", ".safetensors");
        try (RandomAccessFile out = new RandomAccessFile(path.toFile(), "rw")) {
            out.write(prefix(json.length));
            out.write(json);
            out.write(new byte[(int) dataBytes]);
        }
        return path;
    }

    static List<String> fields(Findings findings) {
        return findings.errors().stream().map(Violation::field).toList();
    }

    @Test
    void aWellFormedFileIsReadFromItsHeaderAlone() throws IOException {
        Path path = file(ONE_TENSOR, 24);
        SafetensorsReader.Result result = SafetensorsReader.read(path);
        assertEquals(List.of(), result.findings().errors());
        SafetensorsHeader header = result.header().orElseThrow();
        assertEquals(List.of(2L, 3L), header.tensor("t").orElseThrow().shape());
        assertEquals(8 + ONE_TENSOR.length(), result.bytesRead());
        assertEquals(Files.size(path), header.fileSize());
    }

    @ParameterizedTest(name = "padded with {0} spaces")
    @ValueSource(ints = {1, 5, 7, 64})
    void aHeaderPaddedWithSpacesIsAccepted(int spaces) throws IOException {
        String padded = ONE_TENSOR + " ".repeat(spaces);
        SafetensorsReader.Result result = SafetensorsReader.read(file(padded, 24));
        assertTrue(result.findings().ok(), result.findings().errors().toString());
        assertEquals(padded.length(), result.header().orElseThrow().headerLength());
        assertEquals(8 + padded.length(), result.bytesRead());
    }

    static Stream<Arguments> malformedHeaders() {
        String t = "\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        return Stream.of(
                Arguments.of("duplicate tensor names", "{" + t + "," + t + "}"),
                Arguments.of("duplicate keys inside a tensor",
                        "{\"t\":{\"dtype\":\"F32\",\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,4]}}"),
                Arguments.of("trailing garbage after the object", "{" + t + "}xx"),
                Arguments.of("a second object after the first", "{" + t + "}{}"),
                Arguments.of("NUL padding instead of spaces", "{" + t + "}\u0000\u0000"),
                Arguments.of("not an object", "[1,2,3,4]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedHeaders")
    void ambiguousOrMalformedHeadersAreRefused(String why, String header) throws IOException {
        SafetensorsReader.Result result = SafetensorsReader.read(file(header, 4));
        assertEquals(List.of("safetensors.header"), fields(result.findings()), why);
        assertTrue(result.header().isEmpty());
    }

    @Test
    void aFileShorterThanThePrefixIsRefused() throws IOException {
        Path path = dir.resolve("short.safetensors");
        Files.write(path, new byte[] {1, 0, 0});
        SafetensorsReader.Result result = SafetensorsReader.read(path);
        assertEquals(List.of("safetensors"), fields(result.findings()));
        assertEquals(0, result.bytesRead());
    }

    @Test
    void aFileTruncatedInsideTheHeaderIsRefusedAfterThePrefix() throws IOException {
        byte[] json = ONE_TENSOR.getBytes(StandardCharsets.UTF_8);
        Path path = dir.resolve("truncated.safetensors");
        Files.write(path, concat(prefix(json.length), Arrays.copyOf(json, json.length / 2)));
        SafetensorsReader.Result result = SafetensorsReader.read(path);
        assertEquals(List.of("safetensors.header_length"), fields(result.findings()));
        assertEquals(8, result.bytesRead());
    }

    @Test
    void aFileTruncatedInsideTheDataIsRefused() throws IOException {
        SafetensorsReader.Result result = SafetensorsReader.read(file(ONE_TENSOR, 20));
        assertEquals(List.of("safetensors.file_size"), fields(result.findings()));
    }

    @Test
    void aHeaderLengthOver100MillionIsRefusedAfterReadingOnly8Bytes() throws IOException {
        Path path = dir.resolve("huge-header.safetensors");
        try (RandomAccessFile out = new RandomAccessFile(path.toFile(), "rw")) {
            out.write(prefix(SafetensorsHeader.MAX_HEADER_BYTES + 1));
            out.setLength(SafetensorsHeader.MAX_HEADER_BYTES + 1024); // a sparse file long enough to hold it
        }
        SafetensorsReader.Result result = SafetensorsReader.read(path);
        assertEquals(List.of("safetensors.header_length"), fields(result.findings()));
        assertTrue(result.findings().errors().get(0).rule().contains("100,000,000"), result.findings().errors().toString());
        assertEquals(8, result.bytesRead());
    }

    @Test
    void aNegativeHeaderLengthIsRefusedAfterReadingOnly8Bytes() throws IOException {
        Path path = dir.resolve("negative.safetensors");
        Files.write(path, concat(prefix(-1), new byte[64]));
        SafetensorsReader.Result result = SafetensorsReader.read(path);
        assertEquals(List.of("safetensors.header_length"), fields(result.findings()));
        assertEquals(8, result.bytesRead());
    }

    @Test
    void aSparseMultiGibFileIsReadWithoutTouchingItsData() throws IOException {
        long tensorBytes = 3L * 1024 * 1024 * 1024; // F32 [786432, 1024] = 3 GiB
        String header = "{\"lora\":{\"dtype\":\"F32\",\"shape\":[786432,1024],\"data_offsets\":[0," + tensorBytes + "]}}";
        byte[] json = (header + " ".repeat((8 - header.length() % 8) % 8)).getBytes(StandardCharsets.UTF_8);
        Path path = dir.resolve("sparse.safetensors");
        try (RandomAccessFile out = new RandomAccessFile(path.toFile(), "rw")) {
            out.write(prefix(json.length));
            out.write(json);
            out.setLength(8 + json.length + tensorBytes);
        }
        SafetensorsReader.Result result = SafetensorsReader.read(path);
        assertEquals(List.of(), result.findings().errors());
        assertEquals(8 + json.length, result.bytesRead());
        assertEquals(8 + json.length + tensorBytes, result.header().orElseThrow().fileSize());
    }

    @Test
    void aHeaderCanBeCheckedFromBytesAlreadyInMemory() {
        byte[] json = ONE_TENSOR.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = concat(prefix(json.length), json);
        long fileSize = bytes.length + 24;
        SafetensorsRules.Checked checked = SafetensorsReader.readPrefix(bytes, bytes.length, fileSize);
        assertTrue(checked.findings().ok(), checked.findings().errors().toString());
        assertEquals(1, checked.header().orElseThrow().tensors().size());

        SafetensorsRules.Checked partial = SafetensorsReader.readPrefix(bytes, bytes.length - 1, fileSize);
        assertEquals(List.of("safetensors.header_length"), fields(partial.findings()));
        assertEquals(List.of("safetensors"), fields(SafetensorsReader.readPrefix(Arrays.copyOf(bytes, 7), 7, 7).findings()),
                "an upload shorter than the prefix");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
