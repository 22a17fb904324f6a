package io.sail4j.core.error;

/** 401 or 403: the API key is missing, wrong, or not allowed to do this. */
public class AuthenticationException extends SailApiException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(ApiError error, boolean retried) {
        super(error, retried);
    }
}
