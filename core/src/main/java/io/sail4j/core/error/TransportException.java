package io.sail4j.core.error;

/** The network failed (refused, reset, broken TLS) and retries did not get an answer through. */
public class TransportException extends SailException {
    private static final long serialVersionUID = 1L;
    private final boolean retried;

    public TransportException(String message, Throwable cause, boolean retried) {
        super(message, cause);
        this.retried = retried;
    }

    public boolean retried() {
        return retried;
    }
}
