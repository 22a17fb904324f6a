package io.sail4j.core.error;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The error bodies Sail answers with for the refusals sail4j knows: error types, codes and messages
 * in one place, so the in-memory fake raises exactly what the HTTP adapter reads off the wire.
 */
public final class ApiErrors {
    /** 400: the request broke a documented rule. */
    public static final String TYPE_INVALID_REQUEST = "invalid_request_error";
    /** 400: an {@code Idempotency-Key} was reused with a different request body. */
    public static final String TYPE_IDEMPOTENCY = "idempotency_error";
    /** 401: missing or unknown API key. */
    public static final String TYPE_AUTHENTICATION = "authentication_error";
    /** 404: unknown object, or another organization's. */
    public static final String TYPE_NOT_FOUND = "not_found_error";
    /** 409: the name is taken. */
    public static final String TYPE_CONFLICT = "conflict_error";
    /** 413: body or file too large. */
    public static final String TYPE_TOO_LARGE = "request_too_large";
    /** 429. */
    public static final String TYPE_RATE_LIMIT = "rate_limit_error";
    /** 5xx. */
    public static final String TYPE_SERVER = "server_error";

    public static final String CODE_LORA_NOT_FOUND = "lora_not_found";
    public static final String CODE_FILE_NOT_FOUND = "file_not_found";
    public static final String CODE_RESPONSE_NOT_FOUND = "response_not_found";
    public static final String CODE_LORA_NAME_TAKEN = "lora_name_taken";
    public static final String CODE_IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused";

    /** {@code Idempotency-Key} is at most this many characters. */
    public static final int MAX_IDEMPOTENCY_KEY_CHARS = 255;
    public static final String IDEMPOTENCY_KEY_REUSED = "Idempotency-Key was already used with a different request body";

    private ApiErrors() {
    }

    /** Sail's documented message for an unknown (or another organization's) LoRA. */
    public static String loraNotFoundMessage(String nameOrId) {
        return "lora not found: " + nameOrId;
    }

    public static ApiError loraNotFound(String nameOrId) {
        return new ApiError(404, loraNotFoundMessage(nameOrId), TYPE_NOT_FOUND, CODE_LORA_NOT_FOUND, null, null);
    }

    public static ApiError fileNotFound(String fileId) {
        return new ApiError(404, "file not found: " + fileId, TYPE_NOT_FOUND, CODE_FILE_NOT_FOUND, null, null);
    }

    public static ApiError responseNotFound(String responseId) {
        return new ApiError(404, "response not found: " + responseId, TYPE_NOT_FOUND, CODE_RESPONSE_NOT_FOUND, null, null);
    }

    /** 409 for a name already used in the organization. */
    public static ApiError loraNameTaken(String name) {
        return new ApiError(409, "lora name already exists in this organization: " + name, TYPE_CONFLICT,
                CODE_LORA_NAME_TAKEN, "name", null);
    }

    public static ApiError idempotencyKeyReused() {
        return new ApiError(400, IDEMPOTENCY_KEY_REUSED, TYPE_IDEMPOTENCY, CODE_IDEMPOTENCY_KEY_REUSED, null, null);
    }

    public static ApiError unauthenticated(String message) {
        return new ApiError(401, message, TYPE_AUTHENTICATION, null, null, null);
    }

    public static ApiError tooLarge(String message, String param) {
        return new ApiError(413, message, TYPE_TOO_LARGE, null, param, null);
    }

    /**
     * 400 for broken rules. One violation answers with the rule itself as the message (so documented
     * messages such as {@code lora requests cannot use completion_window=asap} arrive verbatim) and the
     * field as {@code param}; several are listed in one message, the first field as {@code param}.
     */
    public static ApiError invalidRequest(List<Violation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid request needs at least one violation");
        }
        String message = violations.size() == 1 ? violations.get(0).rule()
                : violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
        return new ApiError(400, message, TYPE_INVALID_REQUEST, null, violations.get(0).field(), null);
    }

    public static ApiError invalidRequest(Violation violation) {
        return invalidRequest(List.of(violation));
    }

    /** 400 with a message of its own (e.g. a validation gate's reason). */
    public static ApiError invalidRequest(String message, String param) {
        return new ApiError(400, message, TYPE_INVALID_REQUEST, null, param, null);
    }

    /** {@code Idempotency-Key}: non-empty, at most 255 characters, printable ASCII. */
    public static java.util.Optional<Violation> idempotencyKeyViolation(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_CHARS
                || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            return java.util.Optional.of(Violation.of("Idempotency-Key",
                    "must be 1-" + MAX_IDEMPOTENCY_KEY_CHARS + " printable ASCII characters without spaces",
                    key == null ? null : key.length() + " characters"));
        }
        return java.util.Optional.empty();
    }
}
