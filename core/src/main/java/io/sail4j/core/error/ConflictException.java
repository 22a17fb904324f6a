package io.sail4j.core.error;

/** 409: the object exists already (for LoRAs, a duplicate name). */
public class ConflictException extends SailApiException {
    private static final long serialVersionUID = 1L;

    public ConflictException(ApiError error, boolean retried) {
        super(error, retried);
    }
}
