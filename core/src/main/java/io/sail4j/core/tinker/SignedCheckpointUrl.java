package io.sail4j.core.tinker;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A signed URL to a Tinker checkpoint archive and when it expires. The query string is the
 * credential: {@link #toString()} and {@link #redacted()} never show it.
 */
public final class SignedCheckpointUrl {
    /** An http(s) URL's query or fragment, unless already redacted (text redacted twice keeps one marker). */
    private static final Pattern URL_QUERY = Pattern.compile("(?i)\\b(https?://[^\\s\"'<>?#]*)[?#](?!<redacted>)[^\\s\"'<>]*");

    private final URI url;
    private final Instant expiresAt;

    private SignedCheckpointUrl(URI url, Instant expiresAt) {
        this.url = url;
        this.expiresAt = expiresAt;
    }

    public static SignedCheckpointUrl of(URI url, Instant expiresAt) {
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (url == null || url.getScheme() == null || !(url.getScheme().equals("https") || url.getScheme().equals("http"))
                || url.getHost() == null) {
            throw new InvalidRequestException(Violation.of("tinker_lora_signed_url", "must be an absolute http(s) URL",
                    url == null ? null : redact(url)));
        }
        return new SignedCheckpointUrl(url, expiresAt);
    }

    public static SignedCheckpointUrl of(String url, Instant expiresAt) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidRequestException(Violation.of("tinker_lora_signed_url", "must be an absolute http(s) URL"));
        }
        return of(uri, expiresAt);
    }

    /** The full URL, credential included: send it, never print it. */
    public URI url() {
        return url;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public boolean expiresWithin(Duration margin, Instant now) {
        return !now.plus(margin).isBefore(expiresAt);
    }

    /** The URL without its query string or user info, safe for logs. */
    public String redacted() {
        return redact(url);
    }

    /** {@code scheme://host[:port]/path?<redacted>}: safe for logs and exception messages. */
    public static String redact(URI uri) {
        StringBuilder text = new StringBuilder();
        if (uri.getScheme() != null) {
            text.append(uri.getScheme()).append("://");
        }
        if (uri.getHost() != null) {
            text.append(uri.getHost());
        }
        if (uri.getPort() >= 0) {
            text.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            text.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            text.append("?<redacted>");
        }
        return text.toString();
    }

    /**
     * {@code text} with the query string and fragment of every http(s) URL in it replaced by
     * {@code <redacted>}: for text from elsewhere, such as a server's error message, that may name a
     * signed URL.
     */
    public static String redactUrlsIn(String text) {
        return text == null ? null : URL_QUERY.matcher(text).replaceAll("$1?" + Matcher.quoteReplacement("<redacted>"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedCheckpointUrl that && url.equals(that.url) && expiresAt.equals(that.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, expiresAt);
    }

    @Override
    public String toString() {
        return "SignedCheckpointUrl[" + redacted() + ", expires " + expiresAt + "]";
    }
}
