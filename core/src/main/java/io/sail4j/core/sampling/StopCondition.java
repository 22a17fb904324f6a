package io.sail4j.core.sampling;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import java.util.Arrays;
import java.util.List;

/**
 * When sampling stops early: on any of some strings ({@code stop}), on any of some token ids
 * ({@code stop_token_ids}), or never (only the token limit). Matches the tinker-cookbook contract:
 * a string, a list of strings, or token ids.
 */
public sealed interface StopCondition permits StopCondition.None, StopCondition.Strings, StopCondition.TokenIds {

    record None() implements StopCondition {
    }

    record Strings(List<String> strings) implements StopCondition {
        public Strings {
            strings = List.copyOf(strings);
            if (strings.isEmpty() || strings.stream().anyMatch(String::isEmpty)) {
                throw new InvalidRequestException(Violation.of("stop", "must be one or more non-empty strings", strings));
            }
        }
    }

    final class TokenIds implements StopCondition {
        private final int[] ids;

        private TokenIds(int[] ids) {
            if (ids.length == 0 || Arrays.stream(ids).anyMatch(id -> id < 0)) {
                throw new InvalidRequestException(Violation.of("stop_token_ids", "must be one or more non-negative token ids", Arrays.toString(ids)));
            }
            this.ids = ids;
        }

        public int[] ids() {
            return ids.clone();
        }

        public boolean contains(int token) {
            for (int id : ids) {
                if (id == token) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TokenIds that && Arrays.equals(ids, that.ids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids);
        }

        @Override
        public String toString() {
            return "TokenIds" + Arrays.toString(ids);
        }
    }

    static StopCondition none() {
        return new None();
    }

    static StopCondition string(String stop) {
        return new Strings(List.of(stop));
    }

    static StopCondition strings(String... stops) {
        return new Strings(List.of(stops));
    }

    static StopCondition strings(List<String> stops) {
        return new Strings(stops);
    }

    static StopCondition tokens(int... ids) {
        return new TokenIds(ids.clone());
    }
}
