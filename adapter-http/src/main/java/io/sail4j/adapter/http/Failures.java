package io.sail4j.adapter.http;

import io.sail4j.core.error.ApiError;
import io.sail4j.core.error.CompletionFailures;
import io.sail4j.core.error.InvalidAnswerException;
import io.sail4j.core.error.RateLimitedException;
import io.sail4j.core.error.SailApiException;
import io.sail4j.core.error.SailException;
import io.sail4j.core.error.SailTimeoutException;
import io.sail4j.core.error.TransportException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.RequestNotExecutedException;

/**
 * Turns what went wrong on the wire into the one exception hierarchy: an error answer into the
 * {@link SailApiException} subtype for its status, network trouble into {@link TransportException}
 * or {@link SailTimeoutException}. Every message passes through {@link Redaction}.
 */
final class Failures {

    private Failures() {
    }

    static SailApiException fromAnswer(Answer answer, boolean retried, String apiKey, Clock clock) {
        ApiError error = SailWire.apiError(answer, apiKey);
        if (answer.status() == 429) {
            return new RateLimitedException(error, retried, retryAfter(answer.retryAfter(), clock));
        }
        return SailApiException.forError(error, retried);
    }

    /** Whatever failed an exchange, as a {@link SailException} (cancellation is passed through). */
    static Throwable fromThrowable(Throwable thrown, String what, boolean retried, String apiKey) {
        Throwable t = CompletionFailures.unwrap(thrown);
        if (t instanceof SailException || t instanceof CancellationException) {
            return t;
        }
        if (t instanceof BodyTooLargeException tooLarge) {
            return new InvalidAnswerException(what + " answered with a body over " + tooLarge.limit() + " bytes");
        }
        String detail = describe(t, apiKey);
        // A cause whose own text carries a secret would print it in a stack trace: leave it off.
        Throwable cause = t.getMessage() == null || Redaction.scrub(t.getMessage(), apiKey).equals(t.getMessage()) ? t : null;
        if (t instanceof InterruptedIOException || t instanceof TimeoutException) {
            return new SailTimeoutException(what + " timed out: " + detail, cause);
        }
        if (t instanceof IOException || t instanceof HttpException) {
            return new TransportException(what + " failed: " + detail, cause, retried);
        }
        return new TransportException(what + " failed unexpectedly: " + detail, cause, retried);
    }

    /**
     * Worth another attempt: 502/503/504, 429 that said when to come back, network failures other
     * than a refused TLS handshake or a broken protocol, and timeouts.
     */
    static boolean isRetryable(Throwable thrown) {
        Throwable t = CompletionFailures.unwrap(thrown);
        if (t instanceof RateLimitedException limited) {
            return limited.retryAfter().isPresent();
        }
        if (t instanceof SailApiException api) {
            return api.status() == 502 || api.status() == 503 || api.status() == 504;
        }
        if (t instanceof SailTimeoutException) {
            return true;
        }
        if (t instanceof TransportException transport) {
            Throwable cause = transport.getCause();
            return !(cause instanceof SSLHandshakeException || cause instanceof SSLPeerUnverifiedException
                    || cause instanceof HttpException);
        }
        return false;
    }

    /** The request never left: HttpClient found its pooled connection already closed by the server. */
    static boolean wasNotSent(Throwable thrown) {
        Throwable t = CompletionFailures.unwrap(thrown);
        return t instanceof TransportException && t.getCause() instanceof RequestNotExecutedException;
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            double seconds = Double.parseDouble(value);
            if (seconds >= 0 && !Double.isInfinite(seconds)) {
                return Duration.ofMillis((long) Math.ceil(seconds * 1000));
            }
            return null;
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(clock.instant(), at.toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static String describe(Throwable t, String apiKey) {
        String message = t.getMessage();
        String name = t.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + Redaction.scrub(message, apiKey);
    }

    /** An answer's body ran past the configured cap; read no further. */
    static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long limit;

        BodyTooLargeException(long limit) {
            super("answer body over " + limit + " bytes");
            this.limit = limit;
        }

        long limit() {
            return limit;
        }
    }
}
