package io.sail4j.core.error;

/** 400, 413 or 422: the request broke a rule Sail checks. */
public class BadRequestException extends SailApiException {
    private static final long serialVersionUID = 1L;

    public BadRequestException(ApiError error, boolean retried) {
        super(error, retried);
    }
}
