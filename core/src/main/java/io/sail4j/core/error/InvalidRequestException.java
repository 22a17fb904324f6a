package io.sail4j.core.error;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Input broke one or more documented rules; thrown before anything is sent. Carries every
 * violation found, not just the first, so a user fixes them all in one go.
 */
public class InvalidRequestException extends SailException {
    private static final long serialVersionUID = 1L;
    private static final int LISTED = 25;

    private final transient List<Violation> violations;

    public InvalidRequestException(List<Violation> violations) {
        super(describe(violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an InvalidRequestException needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public InvalidRequestException(Violation violation) {
        this(List.of(violation));
    }

    public List<Violation> violations() {
        return violations;
    }

    /** True when some violation names this field. */
    public boolean names(String field) {
        return violations.stream().anyMatch(v -> v.field().equals(field));
    }

    private static String describe(List<Violation> violations) {
        if (violations.size() == 1) {
            return violations.get(0).toString();
        }
        String listed = violations.stream().limit(LISTED).map(v -> "\n  - " + v).collect(Collectors.joining());
        String more = violations.size() > LISTED ? "\n  ... and " + (violations.size() - LISTED) + " more" : "";
        return violations.size() + " violations:" + listed + more;
    }
}
