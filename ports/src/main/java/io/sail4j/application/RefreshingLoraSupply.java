package io.sail4j.application;

import io.sail4j.core.lora.LoraSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A LoRA source resolved on demand and kept until it is about to expire or Sail refuses it. One
 * resolution at a time is shared by every caller, so thousands of concurrent calls trigger one
 * lookup. A failed resolution is not kept: the next call tries again.
 */
final class RefreshingLoraSupply implements LoraSupply {
    private final Supplier<CompletableFuture<LoraSource>> resolver;
    private final Clock clock;
    private final Duration margin;
    private final Object lock = new Object();
    private CompletableFuture<Resolved> current;

    /** A resolved source and the instant from which it is re-resolved (never, for sources that do not expire). */
    private record Resolved(LoraSource source, Optional<Instant> refreshAt) {
    }

    RefreshingLoraSupply(Supplier<CompletableFuture<LoraSource>> resolver, Clock clock, Duration margin) {
        this.resolver = resolver;
        this.clock = clock;
        this.margin = margin;
    }

    @Override
    public CompletableFuture<Optional<LoraSource>> current() {
        CompletableFuture<Resolved> resolved;
        synchronized (lock) {
            if (current == null || current.isCompletedExceptionally() || current.isCancelled() || isStale(current)) {
                current = resolve();
            }
            resolved = current;
        }
        return resolved.thenApply(r -> Optional.of(r.source()));
    }

    @Override
    public boolean refused(LoraSource used) {
        synchronized (lock) {
            if (current != null && current.isDone() && !current.isCompletedExceptionally() && current.join().source() == used) {
                current = null;
            }
        }
        return true;
    }

    private boolean isStale(CompletableFuture<Resolved> resolved) {
        return resolved.isDone() && resolved.join().refreshAt().map(at -> !clock.instant().isBefore(at)).orElse(false);
    }

    private CompletableFuture<Resolved> resolve() {
        CompletableFuture<LoraSource> lookup;
        try {
            lookup = resolver.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return lookup.thenApply(source -> new Resolved(source, refreshAt(source, clock.instant())));
    }

    /** Re-resolve {@code margin} before expiry, or halfway through a URL's life when that is shorter. */
    private Optional<Instant> refreshAt(LoraSource source, Instant now) {
        if (!(source instanceof LoraSource.TinkerCheckpoint checkpoint)) {
            return Optional.empty();
        }
        Instant expires = checkpoint.url().expiresAt();
        if (expires.equals(Instant.MAX)) {
            return Optional.empty();
        }
        Duration life = Duration.between(now, expires);
        Duration lead = life.isNegative() ? Duration.ZERO : (margin.compareTo(life.dividedBy(2)) < 0 ? margin : life.dividedBy(2));
        return Optional.of(expires.minus(lead));
    }
}
