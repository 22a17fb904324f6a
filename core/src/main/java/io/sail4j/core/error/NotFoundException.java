package io.sail4j.core.error;

/** 404: no such object, or it belongs to another organization. */
public class NotFoundException extends SailApiException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(ApiError error, boolean retried) {
        super(error, retried);
    }
}
