package io.sail4j.core.rules;

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
            return Findings.error(Violation.of(field, "must be an absolute https URL", url));
        }
        return checkBaseUrl(field, uri);
    }

    /** Checks {@code uri} as the base URL named {@code field}. */
    public static Findings checkBaseUrl(String field, URI uri) {
        Findings.Collector found = new Findings.Collector();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return found.error(field, "must be an absolute https URL", uri).findings();
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            found.error(field, "must use https unless the host is loopback (plain http would send the API key in clear)", uri);
        }
        if (uri.getRawUserInfo() != null) {
            found.error(field, "must not carry user info; pass the API key on its own", uri.getScheme() + "://<user-info>@" + uri.getHost());
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            found.error(field, "must not have a query string or fragment", uri.getScheme() + "://" + uri.getHost() + uri.getRawPath());
        }
        return found.findings();
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
