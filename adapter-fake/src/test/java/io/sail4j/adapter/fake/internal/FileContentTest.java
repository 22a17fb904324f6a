package io.sail4j.adapter.fake.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What is kept of an upload: size, digest and the head that holds a safetensors header, never the tensors. */
class FileContentTest {

    private static byte[] safetensorsLike(int headerLength, int dataLength) {
        byte[] bytes = new byte[8 + headerLength + dataLength];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength);
        Arrays.fill(bytes, 8, 8 + headerLength, (byte) ' ');
        Arrays.fill(bytes, 8 + headerLength, bytes.length, (byte) 7);
        return bytes;
    }

    @Test
    void aSmallFileIsKeptWhole() throws IOException {
        byte[] config = "{\"r\": 8}".getBytes();
        FileContent content = FileContent.read(new ByteArrayInputStream(config));
        assertTrue(content.whole());
        assertArrayEquals(config, content.head());
        assertEquals(Digests.sha256Hex(config), content.sha256());
    }

    @Test
    void aHeaderBeyondTheSmallFileCapIsKeptButNotTheTensors() throws IOException {
        byte[] file = safetensorsLike(3 << 20, 2 << 20);
        FileContent content = FileContent.read(new ByteArrayInputStream(file));
        assertEquals(file.length, content.size());
        assertEquals(8 + (3 << 20), content.head().length);
        assertEquals(Digests.sha256Hex(file), content.sha256());
    }

    @Test
    void aLargeFileWithoutAHeaderKeepsOnlyTheCap() throws IOException {
        byte[] file = new byte[3 << 20];
        Arrays.fill(file, (byte) 0xff);
        FileContent content = FileContent.read(new ByteArrayInputStream(file));
        assertEquals(FileContent.WHOLE_CONTENT_CAP, content.head().length);
        assertEquals(3 << 20, content.size());
    }
}
