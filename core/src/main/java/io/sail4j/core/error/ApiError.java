package io.sail4j.core.error;

import java.util.Optional;

/**
 * The error Sail answered with: HTTP status and the fields of its error body. The in-memory fake
 * raises the same values, so a test sees what production would.
 */
public record ApiError(int status, String message, String type, String code, String param, String requestId) {

    public ApiError {
        message = message == null || message.isBlank() ? "HTTP " + status : message;
    }

    public static ApiError of(int status, String type, String message) {
        return new ApiError(status, message, type, null, null, null);
    }

    public ApiError withCode(String newCode) {
        return new ApiError(status, message, type, newCode, param, requestId);
    }

    public ApiError withParam(String newParam) {
        return new ApiError(status, message, type, code, newParam, requestId);
    }

    public ApiError withRequestId(String newRequestId) {
        return new ApiError(status, message, type, code, param, newRequestId);
    }

    public Optional<String> typeIfAny() {
        return Optional.ofNullable(type);
    }

    public Optional<String> codeIfAny() {
        return Optional.ofNullable(code);
    }
}
