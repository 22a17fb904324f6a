package io.sail4j.adapter.fake.internal;

import io.sail4j.core.error.ApiErrors;
import io.sail4j.core.error.SailApiException;
import io.sail4j.core.rules.FileRules;
import io.sail4j.core.safetensors.SafetensorsHeader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What the fake keeps of an uploaded file: its size, SHA-256 and first bytes. The first bytes cover
 * the whole file below {@link #WHOLE_CONTENT_CAP} (enough to parse any real adapter config), and
 * otherwise the safetensors length prefix plus the header it announces (at most 100,000,008 bytes),
 * so a file's tensors are never held.
 */
public record FileContent(long size, String sha256, byte[] head) {
    /** Files up to this size are kept whole. */
    public static final int WHOLE_CONTENT_CAP = 1 << 20;

    public boolean whole() {
        return head.length == size;
    }

    /** Reads {@code in} to its end through a {@link Sink}. */
    public static FileContent read(InputStream in) throws IOException {
        Sink sink = new Sink();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            sink.write(buffer, 0, n);
        }
        return sink.finish();
    }

    /** Takes bytes as they stream in; nothing exists until {@link #finish()}. */
    public static final class Sink {
        private final MessageDigest digest = Digests.sha256();
        private byte[] head = new byte[8192];
        private int headLength;
        private long headLimit = WHOLE_CONTENT_CAP;
        private boolean limitKnown;
        private long size;

        public void write(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
            size += length;
            if (size > FileRules.MAX_FILE_BYTES) {
                throw SailApiException.forError(ApiErrors.tooLarge("file must be at most 100 GiB (107374182400 bytes)", "file"));
            }
            int keep = (int) Math.max(0, Math.min(length, headLimit - headLength));
            if (keep > 0) {
                ensure(headLength + keep);
                System.arraycopy(bytes, offset, head, headLength, keep);
                headLength += keep;
            }
            if (!limitKnown && headLength >= SafetensorsHeader.PREFIX_BYTES) {
                limitKnown = true;
                long announced = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                if (announced > 0 && announced <= SafetensorsHeader.MAX_HEADER_BYTES) {
                    headLimit = Math.max(WHOLE_CONTENT_CAP, SafetensorsHeader.PREFIX_BYTES + announced);
                }
                // bytes beyond the old limit in this same chunk
                if (keep < length && headLength < headLimit) {
                    int more = (int) Math.min(length - keep, headLimit - headLength);
                    ensure(headLength + more);
                    System.arraycopy(bytes, offset + keep, head, headLength, more);
                    headLength += more;
                }
            }
        }

        private void ensure(int capacity) {
            if (capacity > head.length) {
                head = Arrays.copyOf(head, (int) Math.min(headLimit, Math.max(capacity, (long) head.length * 2)));
            }
        }

        public long size() {
            return size;
        }

        public FileContent finish() {
            return new FileContent(size, HexFormat.of().formatHex(digest.digest()), Arrays.copyOf(head, headLength));
        }
    }

    @Override
    public String toString() {
        return "FileContent[" + size + " bytes, sha256=" + sha256 + "]";
    }
}
