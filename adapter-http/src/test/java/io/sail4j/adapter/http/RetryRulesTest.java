package io.sail4j.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failsafe.Failsafe;
import io.sail4j.core.error.ApiError;
import io.sail4j.core.error.InvalidAnswerException;
import io.sail4j.core.error.RateLimitedException;
import io.sail4j.core.error.SailApiException;
import io.sail4j.core.error.SailTimeoutException;
import io.sail4j.core.error.TransportException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.core5.http.RequestNotExecutedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetryRulesTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("502", SailApiException.forError(ApiError.of(502, null, "bad gateway"), false), true),
                Arguments.of("503", SailApiException.forError(ApiError.of(503, null, "unavailable"), false), true),
                Arguments.of("504", SailApiException.forError(ApiError.of(504, null, "timeout"), false), true),
                Arguments.of("500", SailApiException.forError(ApiError.of(500, null, "boom"), false), false),
                Arguments.of("400", SailApiException.forError(ApiError.of(400, null, "bad"), false), false),
                Arguments.of("401", SailApiException.forError(ApiError.of(401, null, "key"), false), false),
                Arguments.of("404", SailApiException.forError(ApiError.of(404, null, "gone"), false), false),
                Arguments.of("409", SailApiException.forError(ApiError.of(409, null, "taken"), false), false),
                Arguments.of("429 with Retry-After", new RateLimitedException(ApiError.of(429, null, "slow"), false, Duration.ofSeconds(1)), true),
                Arguments.of("429 without Retry-After", new RateLimitedException(ApiError.of(429, null, "slow"), false, null), false),
                Arguments.of("connection refused", new TransportException("x", new ConnectException("refused"), false), true),
                Arguments.of("TLS handshake refused", new TransportException("x", new SSLHandshakeException("bad cert"), false), false),
                Arguments.of("timeout", new SailTimeoutException("slow"), true),
                Arguments.of("malformed answer", new InvalidAnswerException("junk"), false));
    }

    @ParameterizedTest(name = "{0} retried: {2}")
    @MethodSource("failures")
    void retriesWhatSailsSdkRetries(String name, Throwable failure, boolean retried) {
        assertEquals(retried, Failures.isRetryable(failure), name);
    }

    static TransportException notSent() {
        return new TransportException("POST /v1/responses failed: RequestNotExecutedException: Connection is closed",
                new RequestNotExecutedException("Connection is closed"), false);
    }

    @Test
    void aRequestThatNeverLeftItsPooledConnectionIsToldApart() {
        assertTrue(Failures.wasNotSent(notSent()));
        assertTrue(Failures.wasNotSent(new java.util.concurrent.CompletionException(notSent())));
        assertFalse(Failures.wasNotSent(new TransportException("x", new ConnectException("refused"), false)));
        assertFalse(Failures.wasNotSent(new TransportException("x", new java.net.SocketException("Connection reset"), false)));
        assertFalse(Failures.wasNotSent(new SailTimeoutException("slow")));
    }

    // A server closing idle keep-alive connections races HttpClient leasing them: with thousands of
    // calls in flight many requests meet an already-closed connection. They are sent again at once,
    // without backoff and without using up the retries meant for Sail's own failures.
    @Test
    void aRequestThatWasNotSentIsSentAgainAtOnceOutsideTheRetryBudget() {
        RetryRules rules = new RetryRules(0, Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30));
        AtomicInteger attempts = new AtomicInteger();
        long started = System.nanoTime();

        String answer = Failsafe.with(rules.<String>policy("POST /v1/responses"), rules.<String>notSentPolicy("POST /v1/responses"))
                .get(() -> {
                    if (attempts.incrementAndGet() <= RetryRules.NOT_SENT_RETRIES) {
                        throw notSent();
                    }
                    return "created";
                });

        assertEquals("created", answer);
        assertEquals(RetryRules.NOT_SENT_RETRIES + 1, attempts.get());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0, "no backoff");
    }

    @Test
    void aRequestThatKeepsFailingToLeaveFallsBackToTheOrdinaryRetries() {
        RetryRules rules = new RetryRules(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1));
        AtomicInteger attempts = new AtomicInteger();

        TransportException failure = assertThrows(TransportException.class, () ->
                Failsafe.with(rules.<String>policy("GET /v1/models"), rules.<String>notSentPolicy("GET /v1/models")).get(() -> {
                    attempts.incrementAndGet();
                    throw notSent();
                }));

        assertTrue(Failures.wasNotSent(failure));
        // the first attempt, the immediate re-sends (a budget per call), then the one ordinary retry
        assertEquals(1 + RetryRules.NOT_SENT_RETRIES + 1, attempts.get());
    }

    @Test
    void backoffDoublesUpToTheCapWithFullJitter() {
        RetryRules rules = new RetryRules(10, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofSeconds(5));
        assertEquals(Duration.ofMillis(100), rules.ceiling(1));
        assertEquals(Duration.ofMillis(200), rules.ceiling(2));
        assertEquals(Duration.ofMillis(800), rules.ceiling(4));
        assertEquals(Duration.ofMillis(1000), rules.ceiling(5));
        assertEquals(Duration.ofMillis(1000), rules.ceiling(60));
        Duration smallest = Duration.ofDays(1);
        Duration largest = Duration.ZERO;
        for (int i = 0; i < 2000; i++) {
            Duration d = rules.backoff(3);
            assertTrue(!d.isNegative() && d.compareTo(Duration.ofMillis(400)) <= 0, d.toString());
            smallest = d.compareTo(smallest) < 0 ? d : smallest;
            largest = d.compareTo(largest) > 0 ? d : largest;
        }
        assertTrue(smallest.compareTo(Duration.ofMillis(40)) < 0, "full jitter reaches near zero: " + smallest);
        assertTrue(largest.compareTo(Duration.ofMillis(360)) > 0, "and near the ceiling: " + largest);
    }

    @Test
    void retryAfterIsReadAsSecondsOrHttpDate() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        assertEquals(Duration.ofSeconds(3), Failures.retryAfter("3", clock));
        assertEquals(Duration.ofMillis(1500), Failures.retryAfter("1.5", clock));
        assertEquals(Duration.ofSeconds(30), Failures.retryAfter("Thu, 01 Jan 2026 00:00:30 GMT", clock));
        assertEquals(Duration.ZERO, Failures.retryAfter("Wed, 31 Dec 2025 23:59:00 GMT", clock));
        assertNull(Failures.retryAfter("soon", clock));
        assertNull(Failures.retryAfter(null, clock));
    }

    @Test
    void ioFailuresBecomeTransportOrTimeoutErrors() {
        assertTrue(Failures.fromThrowable(new ConnectException("refused"), "GET /v1/models", true, "k")
                instanceof TransportException t && t.retried());
        assertTrue(Failures.fromThrowable(new java.net.SocketTimeoutException("read"), "GET /v1/models", false, "k")
                instanceof SailTimeoutException);
        assertTrue(Failures.fromThrowable(new Failures.BodyTooLargeException(1024), "GET /v1/models", false, "k")
                instanceof InvalidAnswerException);
        Throwable mapped = Failures.fromThrowable(new IOException("Bearer sk_abc at https://h/x?sig=s3cret"), "GET /v1/x", false, "sk_abc");
        assertTrue(!mapped.getMessage().contains("sk_abc") && !mapped.getMessage().contains("s3cret"), mapped.getMessage());
    }
}
