package io.sail4j.core.tinker;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import java.util.Objects;

/**
 * A Tinker checkpoint path: {@code tinker://<run-id>/(sampler_weights|weights)/<name>}. Exactly three
 * parts after the scheme; run ids may contain {@code :}.
 */
public record TinkerPath(String runId, Kind kind, String name) {
    public static final String SCHEME = "tinker://";

    public enum Kind {
        SAMPLER_WEIGHTS("sampler_weights"), WEIGHTS("weights");

        private final String segment;

        Kind(String segment) {
            this.segment = segment;
        }

        public String segment() {
            return segment;
        }
    }

    public TinkerPath {
        Objects.requireNonNull(kind, "kind");
        if (runId == null || runId.isEmpty() || runId.contains("/")) {
            throw new InvalidRequestException(Violation.of("tinker_path.run_id", "must be a non-empty run id without '/'", runId));
        }
        if (name == null || name.isEmpty() || name.contains("/")) {
            throw new InvalidRequestException(Violation.of("tinker_path.name", "must be a non-empty checkpoint name without '/'", name));
        }
    }

    /** Parses {@code text}, naming the bad part when it is malformed. */
    public static TinkerPath parse(String text) {
        if (text == null || !text.startsWith(SCHEME)) {
            throw new InvalidRequestException(Violation.of("tinker_path", "must start with " + SCHEME, text));
        }
        String[] parts = text.substring(SCHEME.length()).split("/", -1);
        if (parts.length != 3) {
            throw new InvalidRequestException(Violation.of("tinker_path",
                    "must have exactly three parts after " + SCHEME + ": <run-id>/(sampler_weights|weights)/<name>", text));
        }
        Kind kind;
        if (parts[1].equals(Kind.SAMPLER_WEIGHTS.segment())) {
            kind = Kind.SAMPLER_WEIGHTS;
        } else if (parts[1].equals(Kind.WEIGHTS.segment())) {
            kind = Kind.WEIGHTS;
        } else {
            throw new InvalidRequestException(Violation.of("tinker_path.kind", "must be sampler_weights or weights", parts[1]));
        }
        return new TinkerPath(parts[0], kind, parts[2]);
    }

    /** The checkpoint id Tinker's REST API uses: {@code sampler_weights/<name>}. */
    public String checkpointId() {
        return kind.segment() + "/" + name;
    }

    @Override
    public String toString() {
        return SCHEME + runId + "/" + checkpointId();
    }
}
