package io.sail4j.adapter.fake;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One way the emulator misbehaves on a request. {@link #rateLimited} and {@link #status} answer an
 * error without processing; {@link #resetBeforeProcessing} drops the connection without processing or
 * answering; {@link #resetMidBody} breaks the connection after part of the request body arrived, so
 * the request fails half-read and nothing is answered; {@link #resetAfterProcessing} processes the
 * request fully and then drops the connection, so the answer is lost on the way back; {@link #slow}
 * processes and answers after a delay.
 *
 * @param bodyBytes for {@link Kind#RESET_MID_BODY}: how many bytes of the request body arrive before the break
 */
public record Fault(Kind kind, int status, Duration retryAfter, Duration delay, long bodyBytes) {

    public enum Kind { STATUS, RESET_BEFORE_PROCESSING, RESET_MID_BODY, RESET_AFTER_PROCESSING, SLOW }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.STATUS && (status < 400 || status > 599)) {
            throw new IllegalArgumentException("a status fault answers 4xx or 5xx, not " + status);
        }
        if (bodyBytes < 0 || (kind != Kind.RESET_MID_BODY && bodyBytes != 0)) {
            throw new IllegalArgumentException("only a reset-mid-body fault counts body bytes, and never below 0: " + bodyBytes);
        }
    }

    /** A fault of a kind that needs no body byte count. */
    public Fault(Kind kind, int status, Duration retryAfter, Duration delay) {
        this(kind, status, retryAfter, delay, 0);
    }

    /** 429 with {@code Retry-After} in whole seconds (rounded up). */
    public static Fault rateLimited(Duration retryAfter) {
        return new Fault(Kind.STATUS, 429, Objects.requireNonNull(retryAfter, "retryAfter"), null);
    }

    /** An error answer with this status (500, 502, 503, 504, ...), without processing the request. */
    public static Fault status(int status) {
        return new Fault(Kind.STATUS, status, null, null);
    }

    public static Fault resetBeforeProcessing() {
        return new Fault(Kind.RESET_BEFORE_PROCESSING, 0, null, null);
    }

    /**
     * The connection breaks once {@code bodyBytes} bytes of the request body have arrived: the emulator
     * handles the request as far as that (an upload streams into its store, then fails) and drops the
     * connection without an answer. A body shorter than {@code bodyBytes} arrives whole and is
     * processed, and only its answer is lost, as with {@link #resetAfterProcessing}.
     */
    public static Fault resetMidBody(long bodyBytes) {
        return new Fault(Kind.RESET_MID_BODY, 0, null, null, bodyBytes);
    }

    public static Fault resetAfterProcessing() {
        return new Fault(Kind.RESET_AFTER_PROCESSING, 0, null, null);
    }

    public static Fault slow(Duration delay) {
        return new Fault(Kind.SLOW, 0, null, Objects.requireNonNull(delay, "delay"));
    }

    /**
     * Parses one fault of the {@link FaultPlan#add spec syntax}: {@code 429}, {@code 429:2} (Retry-After
     * 2 s), {@code 500}, {@code 502}, {@code 503}, {@code 504}, {@code reset-before},
     * {@code reset-mid-body:65536} (after that many body bytes), {@code reset-after}, {@code slow:250ms}.
     */
    public static Fault parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("reset-before")) {
            return resetBeforeProcessing();
        }
        if (t.equals("reset-after")) {
            return resetAfterProcessing();
        }
        if (t.startsWith("reset-mid-body:")) {
            return resetMidBody(Long.parseLong(t.substring("reset-mid-body:".length())));
        }
        if (t.startsWith("slow:") && t.endsWith("ms")) {
            return slow(Duration.ofMillis(Long.parseLong(t.substring(5, t.length() - 2))));
        }
        if (t.startsWith("429")) {
            long seconds = t.startsWith("429:") ? Long.parseLong(t.substring(4)) : 1;
            return rateLimited(Duration.ofSeconds(seconds));
        }
        if (t.matches("[45]\\d\\d")) {
            return status(Integer.parseInt(t));
        }
        throw new IllegalArgumentException("unknown fault '" + text + "': use 429[:seconds], 500, 502, 503, 504, "
                + "reset-before, reset-mid-body:<bytes>, reset-after or slow:<millis>ms");
    }

    @Override
    public String toString() {
        return switch (kind) {
            case STATUS -> status == 429 ? "429:" + retryAfterSeconds() : String.valueOf(status);
            case RESET_BEFORE_PROCESSING -> "reset-before";
            case RESET_MID_BODY -> "reset-mid-body:" + bodyBytes;
            case RESET_AFTER_PROCESSING -> "reset-after";
            case SLOW -> "slow:" + delay.toMillis() + "ms";
        };
    }

    long retryAfterSeconds() {
        if (retryAfter == null) {
            return 1;
        }
        long seconds = retryAfter.getSeconds();
        return retryAfter.getNano() > 0 ? seconds + 1 : seconds;
    }
}
