package io.sail4j.adapter.fake.internal;

/** What a create call produced, and whether it was an idempotent replay of an earlier one. */
public record Outcome<T>(T value, boolean replayed) {
}
