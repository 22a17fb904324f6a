package io.sail4j.adapter.tinker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sail4j.core.error.ApiError;
import io.sail4j.core.error.InvalidAnswerException;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.RateLimitedException;
import io.sail4j.core.error.SailApiException;
import io.sail4j.core.error.SailException;
import io.sail4j.core.tinker.SignedCheckpointUrl;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.core5.http.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Tinker's answers: the archive URL in either of its two forms, and errors as the typed
 * exceptions of the core hierarchy. Pure functions of the response and "now", so they are tested
 * without a network.
 */
final class TinkerAnswers {
    private static final Logger LOG = LoggerFactory.getLogger(TinkerAnswers.class);
    /** What Tinker's own client assumes when the answer carries no expiry. */
    static final Duration DEFAULT_URL_LIFETIME = Duration.ofMinutes(15);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final int MAX_MESSAGE_CHARS = 500;

    private final ObjectMapper json;
    private final String apiKey;

    TinkerAnswers(ObjectMapper json, String apiKey) {
        this.json = json;
        this.apiKey = apiKey;
    }

    /**
     * The signed URL from an archive answer: a redirect whose {@code Location} is the URL and whose
     * {@code Expires} (RFC 1123) is its expiry, or 200 with {@code {"url", "expires"}}. Throws a
     * {@link RetrySignal} for answers worth retrying and a {@link SailException} for the rest.
     */
    SignedCheckpointUrl archiveUrl(SimpleHttpResponse response, URI requestUri, String operation, Instant now) {
        int status = response.getCode();
        if (REDIRECTS.contains(status)) {
            Header location = response.getFirstHeader("Location");
            if (location == null || location.getValue().isBlank()) {
                throw new InvalidAnswerException("Tinker answered " + operation + " with " + status + " but no Location header");
            }
            URI url = parseUrl(requestUri, location.getValue(), operation);
            Header expires = response.getFirstHeader("Expires");
            return signed(url, expiresHeader(expires == null ? null : expires.getValue(), now), operation);
        }
        if (status == 200) {
            JsonNode body = readJson(response, operation);
            JsonNode url = body.path("url");
            if (!url.isTextual() || url.asText().isBlank()) {
                throw new InvalidAnswerException("Tinker answered " + operation + " with 200 but no \"url\" field");
            }
            return signed(parseUrl(requestUri, url.asText(), operation), expiresField(body.get("expires"), now), operation);
        }
        if (status == 503) {
            throw new RetrySignal.StillBuilding(apiFailure(response, operation), retryAfter(response, now).orElse(null));
        }
        throw failure(response, operation, now);
    }

    /** Checks a 2xx answer to a call whose body does not matter (setting the TTL). */
    void expectSuccess(SimpleHttpResponse response, String operation, Instant now) {
        if (response.getCode() / 100 != 2) {
            throw failure(response, operation, now);
        }
    }

    /** A retry signal for 408/429/5xx, or the typed exception for any other error status. */
    RuntimeException failure(SimpleHttpResponse response, String operation, Instant now) {
        int status = response.getCode();
        SailApiException failure = apiFailure(response, operation);
        if (status == 408 || status == 429 || status >= 500) {
            Optional<Duration> retryAfter = retryAfter(response, now);
            if (status == 429) {
                failure = new RateLimitedException(failure.error(), false, retryAfter.orElse(null));
            }
            return new RetrySignal.Transient(failure, retryAfter.orElse(null));
        }
        if (status >= 300 && status < 400) {
            return new InvalidAnswerException("Tinker answered " + operation + " with unexpected status " + status);
        }
        return failure;
    }

    private SailApiException apiFailure(SimpleHttpResponse response, String operation) {
        Header requestId = response.getFirstHeader("x-request-id");
        String message = "Tinker " + operation + ": " + message(response);
        return SailApiException.forError(new ApiError(response.getCode(), message, null, null, null,
                requestId == null ? null : requestId.getValue()), false);
    }

    /** Tinker's own words: FastAPI's {@code detail}, an OpenAI-style {@code error.message}, or the text. */
    String message(SimpleHttpResponse response) {
        byte[] body = response.getBodyBytes();
        if (body == null || body.length == 0) {
            return "HTTP " + response.getCode() + " (no message)";
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        String found = null;
        try {
            JsonNode node = json.readTree(text);
            found = messageIn(node);
        } catch (IOException notJson) {
            // fall through to the raw text
        }
        // Scrubbed before it is shortened, so a credential cut in two cannot survive as its first half.
        return shorten(SignedCheckpointUrl.redactUrlsIn(redactKey(found != null ? found : text)));
    }

    private static String messageIn(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isArray() && !node.isEmpty()) {
            StringBuilder joined = new StringBuilder();
            for (JsonNode item : node) {
                String part = item.hasNonNull("msg") ? item.get("msg").asText() : messageIn(item);
                if (part != null) {
                    joined.append(joined.length() == 0 ? "" : "; ").append(part);
                }
            }
            return joined.length() == 0 ? null : joined.toString();
        }
        if (node.isObject()) {
            for (String field : new String[] {"detail", "message", "error", "msg"}) {
                String found = messageIn(node.get(field));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private String redactKey(String text) {
        return apiKey == null || apiKey.isEmpty() ? text : text.replace(apiKey, "<redacted>");
    }

    private static String shorten(String text) {
        return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS) + "...";
    }

    private JsonNode readJson(SimpleHttpResponse response, String operation) {
        byte[] body = response.getBodyBytes();
        try {
            JsonNode node = body == null ? null : json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new InvalidAnswerException("Tinker answered " + operation + " with 200 but no JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidAnswerException("Tinker answered " + operation + " with 200 but unreadable JSON", e);
        }
    }

    private static URI parseUrl(URI requestUri, String text, String operation) {
        try {
            return requestUri.resolve(new URI(text.strip()));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            // The text is the credential: say nothing about it beyond that it was unreadable.
            throw new InvalidAnswerException("Tinker answered " + operation + " with an unreadable archive URL");
        }
    }

    private static SignedCheckpointUrl signed(URI url, Instant expiresAt, String operation) {
        try {
            return SignedCheckpointUrl.of(url, expiresAt);
        } catch (InvalidRequestException e) {
            throw new InvalidAnswerException("Tinker answered " + operation + " with an archive URL that is not absolute http(s): "
                    + SignedCheckpointUrl.redact(url));
        }
    }

    /** RFC 1123, as Tinker sends it; absent or unreadable means "now + 15 minutes", as in Tinker's client. */
    static Instant expiresHeader(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return now.plus(DEFAULT_URL_LIFETIME);
        }
        try {
            return ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            LOG.debug("Ignoring unreadable Expires header {}; assuming the URL lives {}", value, DEFAULT_URL_LIFETIME);
            return now.plus(DEFAULT_URL_LIFETIME);
        }
    }

    /** Unix seconds (number or numeric string) or ISO-8601 (with offset, or UTC when it has none). */
    static Instant expiresField(JsonNode value, Instant now) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return now.plus(DEFAULT_URL_LIFETIME);
        }
        if (value.isNumber()) {
            return epochSeconds(value.decimalValue()).orElseGet(() -> now.plus(DEFAULT_URL_LIFETIME));
        }
        if (value.isTextual()) {
            String text = value.asText().strip();
            try {
                return epochSeconds(new BigDecimal(text)).orElseGet(() -> now.plus(DEFAULT_URL_LIFETIME));
            } catch (NumberFormatException notANumber) {
                Optional<Instant> parsed = isoInstant(text);
                if (parsed.isPresent()) {
                    return parsed.get();
                }
            }
        }
        LOG.debug("Ignoring unreadable expires value {}; assuming the URL lives {}", value, DEFAULT_URL_LIFETIME);
        return now.plus(DEFAULT_URL_LIFETIME);
    }

    private static Optional<Instant> epochSeconds(BigDecimal seconds) {
        try {
            BigDecimal whole = seconds.setScale(0, java.math.RoundingMode.FLOOR);
            long nanos = seconds.subtract(whole).movePointRight(9).longValue();
            return Optional.of(Instant.ofEpochSecond(whole.longValueExact(), nanos));
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> isoInstant(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            // try without an offset
        }
        try {
            return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code Retry-After} in seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(SimpleHttpResponse response, Instant now) {
        Header header = response.getFirstHeader("Retry-After");
        if (header == null || header.getValue().isBlank()) {
            return Optional.empty();
        }
        String value = header.getValue().strip();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
