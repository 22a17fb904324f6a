package io.sail4j.adapter.http;

import io.sail4j.core.tinker.SignedCheckpointUrl;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strips credentials from text that came from outside (server error messages, exception messages)
 * before it reaches an exception or a log line: the API key, bearer tokens, and URL query strings
 * (a signed URL's query is its credential).
 */
final class Redaction {
    static final String REDACTED = "<redacted>";
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',;]+");
    private static final int MAX_CHARS = 2000;

    private Redaction() {
    }

    static String scrub(String text, String apiKey) {
        if (text == null) {
            return null;
        }
        String out = text;
        if (apiKey != null && !apiKey.isEmpty()) {
            out = out.replace(apiKey, REDACTED);
        }
        out = BEARER.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(REDACTED));
        out = SignedCheckpointUrl.redactUrlsIn(out);
        return out.length() <= MAX_CHARS ? out : out.substring(0, MAX_CHARS) + "...";
    }
}
