package io.sail4j.core.rules;

import io.sail4j.core.error.Findings;
import io.sail4j.core.error.Violation;

/** Limits on uploaded files: each adapter file is at most 100 GiB. */
public final class FileRules {
    public static final long MAX_FILE_BYTES = 100L * 1024 * 1024 * 1024;
    /** The only purpose sail4j uploads for. */
    public static final String PURPOSE_LORA = "lora";

    private FileRules() {
    }

    public static Findings checkSize(String field, long bytes) {
        if (bytes > MAX_FILE_BYTES) {
            return Findings.error(Violation.of(field, "must be at most 100 GiB (107374182400 bytes)", bytes + " bytes"));
        }
        return Findings.none();
    }
}
