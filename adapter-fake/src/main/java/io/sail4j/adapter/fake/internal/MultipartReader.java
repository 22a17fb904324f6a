package io.sail4j.adapter.fake.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Streams a {@code multipart/form-data} body part by part, never holding a part whole: a part's bytes
 * go to a consumer in chunks as they arrive. A body that ends before its closing boundary is an
 * {@link IOException}, so a cut upload never counts as complete.
 */
public final class MultipartReader {
    private static final int CHUNK = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    /** A part's name, filename (null for a plain field) and content type. */
    public record Part(String name, String filename, String contentType) {
    }

    /** Receives a part's bytes. */
    @FunctionalInterface
    public interface Chunks {
        void accept(byte[] bytes, int offset, int length) throws IOException;
    }

    private final InputStream in;
    private final byte[] delimiter;
    private byte[] buffer;
    private int start;
    private int end;
    private boolean eof;
    private boolean finished;
    private boolean inBody;

    public MultipartReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buffer = new byte[CHUNK + delimiter.length + 4];
        // the first boundary has no CRLF before it; pretend it had
        buffer[0] = '\r';
        buffer[1] = '\n';
        this.end = 2;
    }

    /** The boundary parameter of a {@code Content-Type: multipart/form-data; boundary=...} header, or null. */
    public static String boundaryOf(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String value = p.substring("boundary=".length()).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() || value.length() > 200 ? null : value;
            }
        }
        return null;
    }

    /** The next part, or null after the closing boundary. Skips whatever is left of the current part. */
    public Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (inBody) {
            body((b, o, l) -> { });
        }
        int at = find(0);
        while (at < 0) {
            // preamble: discard all but a possible delimiter prefix
            start = Math.max(start, end - delimiter.length);
            if (!fill()) {
                throw new EOFException("multipart body ended before its first boundary");
            }
            at = find(0);
        }
        start = at + delimiter.length;
        require(2);
        if (buffer[start] == '-' && buffer[start + 1] == '-') {
            finished = true;
            return null;
        }
        // transport padding, then CRLF
        while (true) {
            require(1);
            if (buffer[start] == ' ' || buffer[start] == '\t') {
                start++;
            } else {
                break;
            }
        }
        require(2);
        if (buffer[start] != '\r' || buffer[start + 1] != '\n') {
            throw new IOException("malformed multipart boundary line");
        }
        start += 2;
        Map<String, String> headers = headers();
        inBody = true;
        String disposition = headers.getOrDefault("content-disposition", "");
        return new Part(param(disposition, "name"), param(disposition, "filename"), headers.get("content-type"));
    }

    /** Streams the current part's bytes to {@code out}, up to the next boundary. */
    public void body(Chunks out) throws IOException {
        if (!inBody) {
            throw new IllegalStateException("no part is open");
        }
        while (true) {
            int at = find(start);
            if (at >= 0) {
                if (at > start) {
                    out.accept(buffer, start, at - start);
                }
                start = at;
                inBody = false;
                return;
            }
            int safe = end - (delimiter.length - 1);
            if (safe > start) {
                out.accept(buffer, start, safe - start);
                start = safe;
            }
            if (!fill()) {
                throw new EOFException("multipart body ended inside a part, before its closing boundary");
            }
        }
    }

    /** The current part's bytes as text (for small fields). */
    public String text(int maxBytes) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        body((b, o, l) -> {
            if (bytes.size() + l > maxBytes) {
                throw new IOException("multipart field longer than " + maxBytes + " bytes");
            }
            bytes.write(b, o, l);
        });
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private Map<String, String> headers() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int consumed = 0;
        while (true) {
            int lineEnd = indexOfCrlf();
            while (lineEnd < 0) {
                if (end - start > MAX_HEADER_BYTES || !fill()) {
                    throw new IOException("multipart part headers too long or cut short");
                }
                lineEnd = indexOfCrlf();
            }
            String line = new String(buffer, start, lineEnd - start, StandardCharsets.UTF_8);
            consumed += lineEnd - start + 2;
            start = lineEnd + 2;
            if (line.isEmpty()) {
                return headers;
            }
            if (consumed > MAX_HEADER_BYTES) {
                throw new IOException("multipart part headers too long");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
    }

    private static String param(String header, String name) {
        for (String piece : header.split(";")) {
            String p = piece.trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String value = p.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1).replace("\\\"", "\"");
                }
                return value;
            }
        }
        return null;
    }

    private int indexOfCrlf() {
        for (int i = start; i + 1 < end; i++) {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private int find(int from) {
        int first = Math.max(from, start);
        outer:
        for (int i = first; i + delimiter.length <= end; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (buffer[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void require(int bytes) throws IOException {
        while (end - start < bytes) {
            if (!fill()) {
                throw new EOFException("multipart body cut short");
            }
        }
    }

    /** Compacts and reads more; false at end of stream. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            eof = true;
            return false;
        }
        end += n;
        return true;
    }
}
