package io.sail4j.core.error;

import java.util.Optional;

/**
 * Sail answered with an error status. Subtypes name the class of failure; {@link #forError} picks
 * the subtype for a status, so the HTTP adapter and the fake agree on it.
 */
public class SailApiException extends SailException {
    private static final long serialVersionUID = 1L;

    private final ApiError error;
    private final boolean retried;

    public SailApiException(ApiError error, boolean retried) {
        super(describe(error, retried));
        this.error = error;
        this.retried = retried;
    }

    /** The subtype for this status: 400/413/422 bad request, 401/403 auth, 404, 409, 429, 5xx. */
    public static SailApiException forError(ApiError error, boolean retried) {
        int status = error.status();
        if (status == 401 || status == 403) {
            return new AuthenticationException(error, retried);
        }
        if (status == 404) {
            return new NotFoundException(error, retried);
        }
        if (status == 409) {
            return new ConflictException(error, retried);
        }
        if (status == 429) {
            return new RateLimitedException(error, retried);
        }
        if (status >= 500) {
            return new ServerException(error, retried);
        }
        if (status >= 400) {
            return new BadRequestException(error, retried);
        }
        return new SailApiException(error, retried);
    }

    /** Convenience for the fake: the same error raised without a transport. */
    public static SailApiException forError(ApiError error) {
        return forError(error, false);
    }

    public ApiError error() {
        return error;
    }

    public int status() {
        return error.status();
    }

    public Optional<String> type() {
        return Optional.ofNullable(error.type());
    }

    public Optional<String> code() {
        return Optional.ofNullable(error.code());
    }

    public Optional<String> param() {
        return Optional.ofNullable(error.param());
    }

    public Optional<String> requestId() {
        return Optional.ofNullable(error.requestId());
    }

    /** Whether the client retried before giving up. */
    public boolean retried() {
        return retried;
    }

    /** The same failure, marked as having been retried. */
    public SailApiException asRetried() {
        return retried ? this : forError(error, true);
    }

    private static String describe(ApiError error, boolean retried) {
        StringBuilder text = new StringBuilder().append(error.status()).append(' ').append(error.message());
        if (error.type() != null) {
            text.append(" [type=").append(error.type());
            if (error.code() != null) {
                text.append(", code=").append(error.code());
            }
            text.append(']');
        } else if (error.code() != null) {
            text.append(" [code=").append(error.code()).append(']');
        }
        if (error.requestId() != null) {
            text.append(" (request ").append(error.requestId()).append(')');
        }
        if (retried) {
            text.append(" after retries");
        }
        return text.toString();
    }
}
