package io.sail4j.adapter.fake;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The fake's tokenizer: byte-level. Token id {@code t < 256} is the byte {@code t}; ids from 256 up
 * (the rest of the model's vocabulary) stand for no text. So {@code "Hi\n"} is {@code [72, 105, 10]},
 * a stop string is matched on the decoded bytes of the sampled tokens, and a text request's usage
 * counts one token per UTF-8 byte.
 */
public final class ToyVocabulary {
    /** Ids below this are bytes. */
    public static final int BYTE_TOKENS = 256;

    private ToyVocabulary() {
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
