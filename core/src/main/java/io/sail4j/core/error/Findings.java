package io.sail4j.core.error;

import java.util.ArrayList;
import java.util.List;

/**
 * What a rule check found: errors (the request must not go out) and warnings (it may, but the user
 * should hear about it). Immutable; combine with {@link #and}.
 */
public record Findings(List<Violation> errors, List<Violation> warnings) {
    private static final Findings NONE = new Findings(List.of(), List.of());

    public Findings {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public static Findings none() {
        return NONE;
    }

    public static Findings error(Violation violation) {
        return new Findings(List.of(violation), List.of());
    }

    public static Findings errors(List<Violation> violations) {
        return new Findings(violations, List.of());
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    public Findings and(Findings other) {
        if (other.errors.isEmpty() && other.warnings.isEmpty()) {
            return this;
        }
        List<Violation> e = new ArrayList<>(errors);
        e.addAll(other.errors);
        List<Violation> w = new ArrayList<>(warnings);
        w.addAll(other.warnings);
        return new Findings(e, w);
    }

    /** Throws {@link InvalidRequestException} listing every error; returns this when there are none. */
    public Findings orThrow() {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return this;
    }

    /** Collects findings; for rule code that checks many things. */
    public static final class Collector {
        private final List<Violation> errors = new ArrayList<>();
        private final List<Violation> warnings = new ArrayList<>();

        public Collector error(String field, String rule, Object value) {
            errors.add(Violation.of(field, rule, value));
            return this;
        }

        public Collector error(String field, String rule) {
            errors.add(Violation.of(field, rule));
            return this;
        }

        public Collector error(Violation violation) {
            errors.add(violation);
            return this;
        }

        public Collector warning(String field, String rule, Object value) {
            warnings.add(Violation.of(field, rule, value));
            return this;
        }

        public Collector add(Findings findings) {
            errors.addAll(findings.errors());
            warnings.addAll(findings.warnings());
            return this;
        }

        public int errorCount() {
            return errors.size();
        }

        public Findings findings() {
            return new Findings(errors, warnings);
        }
    }
}
