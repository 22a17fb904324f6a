package io.sail4j.core.sampling;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import java.util.Arrays;
import java.util.List;

/** Prompt token ids, sent to Sail verbatim. Immutable; never empty; ids are non-negative. */
public final class ModelInput {
    private final int[] tokens;

    private ModelInput(int[] tokens) {
        this.tokens = tokens;
    }

    public static ModelInput of(int... tokens) {
        return checked(tokens.clone());
    }

    public static ModelInput of(List<Integer> tokens) {
        return checked(tokens.stream().mapToInt(Integer::intValue).toArray());
    }

    private static ModelInput checked(int[] tokens) {
        if (tokens.length == 0) {
            throw new InvalidRequestException(Violation.of("input.token_ids", "must hold at least one token id"));
        }
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0) {
                throw new InvalidRequestException(Violation.of("input.token_ids[" + i + "]", "must be a non-negative token id", tokens[i]));
            }
        }
        return new ModelInput(tokens);
    }

    public int length() {
        return tokens.length;
    }

    public int token(int index) {
        return tokens[index];
    }

    /** A copy of the ids. */
    public int[] toArray() {
        return tokens.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelInput that && Arrays.equals(tokens, that.tokens);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(tokens);
    }

    @Override
    public String toString() {
        return "ModelInput[" + tokens.length + " tokens]";
    }
}
