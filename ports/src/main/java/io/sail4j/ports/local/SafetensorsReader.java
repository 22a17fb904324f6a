package io.sail4j.ports.local;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.error.Findings;
import io.sail4j.core.rules.SafetensorsRules;
import io.sail4j.core.safetensors.SafetensorsHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Reads only the header of a safetensors file (the 8-byte length prefix and the JSON that follows),
 * never the tensor bytes: a 100 GiB file costs one small read.
 */
public final class SafetensorsReader {

    private SafetensorsReader() {
    }

    /** The checked header (or findings), and how many bytes were read to get it. */
    public record Result(Optional<SafetensorsHeader> header, Findings findings, long bytesRead) {
    }

    public static Result read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < SafetensorsHeader.PREFIX_BYTES) {
                return new Result(Optional.empty(), SafetensorsRules.checkPrefix(0, size), 0);
            }
            ByteBuffer prefix = ByteBuffer.allocate(SafetensorsHeader.PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, prefix, 0);
            long headerLength = prefix.flip().getLong();
            Findings prefixFindings = SafetensorsRules.checkPrefix(headerLength, size);
            if (!prefixFindings.ok()) {
                return new Result(Optional.empty(), prefixFindings, SafetensorsHeader.PREFIX_BYTES);
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, SafetensorsHeader.PREFIX_BYTES);
            SafetensorsRules.Checked checked = parseHeader(header.array(), 0, (int) headerLength, headerLength, size);
            return new Result(checked.header(), checked.findings(), SafetensorsHeader.PREFIX_BYTES + headerLength);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read safetensors file " + file, e);
        }
    }

    /**
     * Checks a header from bytes already in memory (the emulator keeps the first bytes of an upload):
     * {@code bytes} holds the prefix and at least {@code min(available, 8 + headerLength)} bytes.
     */
    public static SafetensorsRules.Checked readPrefix(byte[] bytes, int available, long fileSize) {
        if (available < SafetensorsHeader.PREFIX_BYTES) {
            Findings tooShort = fileSize < SafetensorsHeader.PREFIX_BYTES ? SafetensorsRules.checkPrefix(0, fileSize)
                    : Findings.error(Violation.of(SafetensorsRules.FIELD, "needs the 8-byte length prefix, only "
                    + available + " bytes available"));
            return new SafetensorsRules.Checked(Optional.empty(), tooShort);
        }
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Findings prefixFindings = SafetensorsRules.checkPrefix(headerLength, fileSize);
        if (!prefixFindings.ok()) {
            return new SafetensorsRules.Checked(Optional.empty(), prefixFindings);
        }
        if (available < SafetensorsHeader.PREFIX_BYTES + headerLength) {
            return new SafetensorsRules.Checked(Optional.empty(), Findings.error(Violation.of(
                    SafetensorsRules.FIELD + ".header_length", "runs past the bytes available", headerLength)));
        }
        return parseHeader(bytes, SafetensorsHeader.PREFIX_BYTES, (int) headerLength, headerLength, fileSize);
    }

    /** Streams the header's entries into the rules: a full export's ~140k tensors never exist as one JSON tree. */
    private static SafetensorsRules.Checked parseHeader(byte[] bytes, int offset, int length, long headerLength, long fileSize) {
        SafetensorsRules.HeaderCheck check = SafetensorsRules.checker(headerLength, fileSize);
        try {
            PeftJson.streamObject(SafetensorsRules.FIELD + ".header", bytes, offset, length, check);
        } catch (InvalidRequestException e) {
            // malformed JSON is the one finding: what the entries before it said does not count
            return new SafetensorsRules.Checked(Optional.empty(), Findings.errors(e.violations()));
        }
        return check.finish();
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += n;
        }
    }
}
