package io.sail4j.core.error;

/**
 * Root of every exception sail4j throws. Unchecked: callers catch the subtype they can act on
 * ({@link InvalidRequestException} before sending, {@link SailApiException} and its subtypes for
 * answers from Sail, {@link TransportException} and {@link SailTimeoutException} for the network).
 */
public class SailException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SailException(String message) {
        super(message);
    }

    public SailException(String message, Throwable cause) {
        super(message, cause);
    }
}
