package io.sail4j.core.error;

/** Sail answered 2xx with a body sail4j cannot read (malformed JSON, missing fields, too large). */
public class InvalidAnswerException extends SailException {
    private static final long serialVersionUID = 1L;

    public InvalidAnswerException(String message) {
        super(message);
    }

    public InvalidAnswerException(String message, Throwable cause) {
        super(message, cause);
    }
}
