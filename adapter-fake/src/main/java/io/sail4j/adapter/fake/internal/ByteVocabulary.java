package io.sail4j.adapter.fake.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The byte-level vocabulary the sampler and text usage work in; {@code ToyVocabulary} is its public
 * face for tests that build prompts and stop strings.
 */
public final class ByteVocabulary {
    /** Ids below this are bytes. */
    public static final int BYTE_TOKENS = 256;

    private ByteVocabulary() {
    }
    /** The UTF-8 bytes of {@code text}, one token each. */
    public static int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] tokens = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            tokens[i] = bytes[i] & 0xff;
        }
        return tokens;
    }

    /** The bytes of the byte tokens among {@code tokens} (others are skipped), as UTF-8 text. */
    public static String decode(int[] tokens) {
        return decode(tokens, tokens.length);
    }

    /** Decodes the first {@code length} tokens. */
    public static String decode(int[] tokens, int length) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(length);
        for (int i = 0; i < length; i++) {
            if (tokens[i] >= 0 && tokens[i] < BYTE_TOKENS) {
                bytes.write(tokens[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Tokens in {@code text}: one per UTF-8 byte. */
    public static int count(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
