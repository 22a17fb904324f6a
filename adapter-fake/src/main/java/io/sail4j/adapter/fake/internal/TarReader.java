package io.sail4j.adapter.fake.internal;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads the regular files named in {@code wanted} (by base name, in any directory) out of a tar
 * archive, gzipped or not, streaming each into a {@link FileContent.Sink}. Understands ustar, GNU
 * long names and pax headers; other entries are skipped.
 */
public final class TarReader {
    private static final int BLOCK = 512;

    private TarReader() {
    }

    public static Map<String, FileContent> read(InputStream raw, Set<String> wanted) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 64 * 1024);
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        InputStream in = b1 == 0x1f && b2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(buffered), 64 * 1024) : buffered;
        Map<String, FileContent> found = new HashMap<>();
        byte[] header = new byte[BLOCK];
        String longName = null;
        while (true) {
            if (!readBlock(in, header)) {
                break;
            }
            if (isZero(header)) {
                break;
            }
            if (!checksumMatches(header)) {
                throw new IOException("not a tar archive (bad header checksum)");
            }
            long size = size(header);
            byte type = header[156];
            String name = longName != null ? longName : name(header);
            longName = null;
            if (type == 'L') {
                longName = trimNul(new String(readAll(in, size), StandardCharsets.UTF_8));
                skipPadding(in, size);
                continue;
            }
            if (type == 'x') {
                longName = paxPath(new String(readAll(in, size), StandardCharsets.UTF_8));
                skipPadding(in, size);
                continue;
            }
            String base = name.substring(name.lastIndexOf('/') + 1);
            if ((type == '0' || type == 0) && wanted.contains(base)) {
                FileContent.Sink sink = new FileContent.Sink();
                copy(in, size, sink);
                found.put(base, sink.finish());
            } else {
                skip(in, size);
            }
            skipPadding(in, size);
        }
        return found;
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int read = in.readNBytes(block, 0, BLOCK);
        if (read == 0) {
            return false;
        }
        if (read < BLOCK) {
            throw new EOFException("truncated tar header");
        }
        return true;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean checksumMatches(byte[] header) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xff;
        }
        String stored = trimNul(new String(header, 148, 8, StandardCharsets.US_ASCII)).trim();
        try {
            return !stored.isEmpty() && Long.parseLong(stored, 8) == sum;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static long size(byte[] header) throws IOException {
        if ((header[124] & 0x80) != 0) {
            long value = 0;
            for (int i = 125; i < 136; i++) {
                value = (value << 8) | (header[i] & 0xff);
            }
            return value;
        }
        String octal = trimNul(new String(header, 124, 12, StandardCharsets.US_ASCII)).trim();
        try {
            return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
        } catch (NumberFormatException e) {
            throw new IOException("not a tar archive (bad size field)", e);
        }
    }

    private static String name(byte[] header) {
        String name = trimNul(new String(header, 0, 100, StandardCharsets.UTF_8));
        boolean ustar = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? trimNul(new String(header, 345, 155, StandardCharsets.UTF_8)) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxPath(String records) {
        for (String line : records.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && line.startsWith("path=", space + 1)) {
                return line.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    private static String trimNul(String text) {
        int nul = text.indexOf('\0');
        return nul < 0 ? text : text.substring(0, nul);
    }

    private static byte[] readAll(InputStream in, long size) throws IOException {
        if (size > FileContent.WHOLE_CONTENT_CAP) {
            throw new IOException("tar metadata entry too large");
        }
        byte[] bytes = in.readNBytes((int) size);
        if (bytes.length < size) {
            throw new EOFException("truncated tar entry");
        }
        return bytes;
    }

    private static void copy(InputStream in, long size, FileContent.Sink sink) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("truncated tar entry");
            }
            sink.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long size) throws IOException {
        long left = size;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("truncated tar entry");
                }
                n = 1;
            }
            left -= n;
        }
    }

    private static void skipPadding(InputStream in, long size) throws IOException {
        skip(in, (BLOCK - size % BLOCK) % BLOCK);
    }
}
