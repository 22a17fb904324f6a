package io.sail4j.adapter.fake;

/**
 * A request as fault rules see it: method, path, and the route template it matched, e.g.
 * {@code "GET /v1/responses/{id}"} ({@code "<method> (unmatched)"} for unknown paths).
 */
public record EmulatorRequest(String method, String path, String route) {
}
