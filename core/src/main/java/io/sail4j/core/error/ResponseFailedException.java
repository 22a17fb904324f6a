package io.sail4j.core.error;

import java.util.Optional;

/**
 * A response was accepted but finished {@code failed} or {@code cancelled}; {@link #code()} carries
 * Sail's {@code error.code} (e.g. {@code tinker_checkpoint_unavailable}).
 */
public class ResponseFailedException extends SailException {
    private static final long serialVersionUID = 1L;
    /** Sail could not download or read a Tinker checkpoint archive (expired or unreadable URL). */
    public static final String TINKER_CHECKPOINT_UNAVAILABLE = "tinker_checkpoint_unavailable";

    private final String responseId;
    private final String status;
    private final String code;

    public ResponseFailedException(String responseId, String status, String code, String message) {
        super("response " + responseId + " " + status + (code == null ? "" : " [code=" + code + "]")
                + (message == null ? "" : ": " + message));
        this.responseId = responseId;
        this.status = status;
        this.code = code;
    }

    public String responseId() {
        return responseId;
    }

    public String status() {
        return status;
    }

    public Optional<String> code() {
        return Optional.ofNullable(code);
    }
}
