package io.sail4j.adapter.fake.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {

    private static byte[] body(String boundary, byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("preamble to ignore\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nlora\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"w.safetensors\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Hands out at most {@code chunk} bytes per read, so boundaries fall across reads. */
    private static InputStream trickle(byte[] bytes, int chunk) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 64, 1 << 20})
    void partsSurviveAnyReadSize(int chunk) throws IOException {
        byte[] file = new byte[150_000];
        new Random(3).nextBytes(file);
        // bytes that look like a boundary start inside the data
        System.arraycopy("\r\n--bound".getBytes(StandardCharsets.US_ASCII), 0, file, 1000, 9);
        MultipartReader reader = new MultipartReader(trickle(body("boundary-x", file), chunk), "boundary-x");
        MultipartReader.Part purpose = reader.next();
        assertEquals("purpose", purpose.name());
        assertNull(purpose.filename());
        assertEquals("lora", reader.text(100));
        MultipartReader.Part part = reader.next();
        assertEquals("file", part.name());
        assertEquals("w.safetensors", part.filename());
        assertEquals("application/octet-stream", part.contentType());
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        reader.body(content::write);
        assertArrayEquals(file, content.toByteArray());
        assertNull(reader.next());
    }

    @Test
    void aBodyCutInsideAPartIsAnError() throws IOException {
        byte[] whole = body("b", new byte[10_000]);
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(cut), "b");
        reader.next();
        reader.next();
        assertThrows(EOFException.class, () -> reader.body((b, o, l) -> { }));
    }

    @Test
    void theBoundaryIsReadFromTheContentType() {
        assertEquals("abc", MultipartReader.boundaryOf("multipart/form-data; boundary=abc"));
        assertEquals("a b", MultipartReader.boundaryOf("multipart/form-data; charset=utf-8; boundary=\"a b\""));
        assertNull(MultipartReader.boundaryOf("application/json"));
        assertNull(MultipartReader.boundaryOf(null));
    }
}
