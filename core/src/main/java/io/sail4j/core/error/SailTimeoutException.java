package io.sail4j.core.error;

/** A deadline passed: a stalled upload, a call timeout, or the caller's deadline while polling. */
public class SailTimeoutException extends SailException {
    private static final long serialVersionUID = 1L;

    public SailTimeoutException(String message) {
        super(message);
    }

    public SailTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
