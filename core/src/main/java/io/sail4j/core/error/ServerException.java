package io.sail4j.core.error;

/** 5xx: Sail failed; 502/503/504 were retried before this surfaced. */
public class ServerException extends SailApiException {
    private static final long serialVersionUID = 1L;

    public ServerException(ApiError error, boolean retried) {
        super(error, retried);
    }
}
