package io.sail4j.adapter.fake;

import io.sail4j.adapter.fake.internal.ByteVocabulary;

/**
 * The fake's tokenizer: byte-level. Token id {@code t < 256} is the byte {@code t}; ids from 256 up
 * (the rest of the model's vocabulary) stand for no text. So {@code "Hi\n"} is {@code [72, 105, 10]},
 * a stop string is matched on the decoded bytes of the sampled tokens, and a text request's usage
 * counts one token per UTF-8 byte.
 */
public final class ToyVocabulary {
    /** Ids below this are bytes. */
    public static final int BYTE_TOKENS = ByteVocabulary.BYTE_TOKENS;

    private ToyVocabulary() {
    }

    /** The UTF-8 bytes of {@code text}, one token each. */
    public static int[] encode(String text) {
        return ByteVocabulary.encode(text);
    }

    /** The bytes of the byte tokens among {@code tokens} (others are skipped), as UTF-8 text. */
    public static String decode(int[] tokens) {
        return ByteVocabulary.decode(tokens);
    }

    /** Decodes the first {@code length} tokens. */
    public static String decode(int[] tokens, int length) {
        return ByteVocabulary.decode(tokens, length);
    }

    /** Tokens in {@code text}: one per UTF-8 byte. */
    public static int count(String text) {
        return ByteVocabulary.count(text);
    }
}
