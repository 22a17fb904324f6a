package io.sail4j.core.rules;

import io.sail4j.core.error.Findings;
import io.sail4j.core.error.Violation;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Rules on a service base URL (Sail's or Tinker's): absolute {@code https}, or plain {@code http} to a
 * loopback host only, since an API key sent in clear to another machine is a leaked key.
 */
public final class EndpointRules {

    private EndpointRules() {
    }

    /** Checks {@code url} as the base URL named {@code field} (e.g. {@code TINKER_BASE_URL}). */
    public static Findings checkBaseUrl(String field, String url) {
        if (url == null || url.isBlank()) {
            return Findings.error(Violation.of(field, "must be an absolute https URL", url));
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Findings.error(Violation.of(field, "must be an absolute https URL", shown(url)));
        }
        return checkBaseUrl(field, uri);
    }

    /** Checks {@code uri} as the base URL named {@code field}. */
    public static Findings checkBaseUrl(String field, URI uri) {
        Findings.Collector found = new Findings.Collector();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return found.error(field, "must be an absolute https URL", shown(uri)).findings();
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            found.error(field, "must use https unless the host is loopback (plain http would send the API key in clear)", shown(uri));
        }
        if (uri.getRawUserInfo() != null) {
            found.error(field, "must not carry user info; pass the API key on its own", shown(uri));
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            found.error(field, "must not have a query string or fragment", shown(uri));
        }
        return found.findings();
    }

    /** What of a URL may be shown in an error: scheme, host, port and path, never user info, a query or a fragment. */
    private static String shown(URI uri) {
        StringBuilder text = new StringBuilder();
        if (uri.getScheme() != null) {
            text.append(uri.getScheme()).append(':');
        }
        if (uri.getHost() != null) {
            text.append("//").append(uri.getRawUserInfo() != null ? "<user-info>@" : "").append(uri.getHost());
            if (uri.getPort() >= 0) {
                text.append(':').append(uri.getPort());
            }
        }
        if (uri.getRawPath() != null) {
            text.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            text.append("?<redacted>");
        }
        return text.toString();
    }

    /** A URL that does not parse, cut before anything that could be a credential. */
    private static String shown(String url) {
        String text = url.strip().split("[?#\\s]", 2)[0];
        int at = text.lastIndexOf('@');
        if (at >= 0) {
            int start = text.indexOf("://");
            text = text.substring(0, start < 0 ? 0 : start + 3) + "<user-info>" + text.substring(at);
        }
        return text + (text.length() < url.strip().length() ? "..." : "");
    }

    /** {@code localhost}, {@code 127.0.0.0/8} or {@code ::1}, by name only (no DNS lookup). */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
