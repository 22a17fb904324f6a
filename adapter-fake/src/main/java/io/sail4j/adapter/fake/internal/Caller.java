package io.sail4j.adapter.fake.internal;

import java.util.Objects;

/**
 * Who is calling: the organization an API key belongs to, and a digest of the key (idempotency keys
 * are scoped per API key). The key itself is never kept.
 */
public record Caller(String organization, String keyDigest) {
    public Caller {
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(keyDigest, "keyDigest");
    }

    @Override
    public String toString() {
        return "Caller[" + organization + "]";
    }
}
