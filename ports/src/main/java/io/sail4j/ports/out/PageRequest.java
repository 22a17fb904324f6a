package io.sail4j.ports.out;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import java.util.Optional;

/** One page of a list: at most {@code limit} items after the item with id {@code after}. */
public record PageRequest(int limit, Optional<String> after) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException(Violation.of("limit", "must be between 1 and " + MAX_LIMIT, limit));
        }
        after = after == null ? Optional.empty() : after;
    }

    public static PageRequest first() {
        return new PageRequest(DEFAULT_LIMIT, Optional.empty());
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, Optional.empty());
    }

    public PageRequest after(String id) {
        return new PageRequest(limit, Optional.of(id));
    }
}
