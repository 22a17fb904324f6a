package io.sail4j.adapter.tinker;

import io.sail4j.core.tinker.SignedCheckpointUrl;
import io.sail4j.core.tinker.TinkerPath;
import io.sail4j.ports.out.CheckpointUrlSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Remembers resolved URLs: the same path returns the cached URL until shortly before it expires
 * ({@link #refreshMargin}, or half the URL's life when that is shorter), then resolves afresh.
 * Callers asking for a path while it is being resolved share that one resolution. A failed resolution is not remembered: the next call tries again.
 *
 * <p>A cache hit does not set the TTL again; the TTL was set by the resolution that filled the entry.
 * When a TTL is given, the entry also lapses when the checkpoint does (resolution start + TTL), since
 * a URL to a deleted checkpoint is no use. Each caller gets its own future: cancelling it does not
 * cancel the shared resolution. Thread-safe.
 *
 * <p>For code that resolves URLs itself (e.g. an RL loop passing a signed URL to many completers).
 * Do not put it beneath Sail's token completers: they already keep each URL until it nears expiry and
 * resolve afresh when Sail refuses one, which this cache would answer with the refused URL.
 */
public final class CachingCheckpointUrlSource implements CheckpointUrlSource {
    /** Re-resolve this long before expiry by default, so Sail still has time to download the archive. */
    public static final Duration DEFAULT_REFRESH_MARGIN = Duration.ofMinutes(2);

    private final CheckpointUrlSource delegate;
    private final Clock clock;
    private final Duration refreshMargin;
    private final ConcurrentMap<TinkerPath, Entry> entries = new ConcurrentHashMap<>();

    public CachingCheckpointUrlSource(CheckpointUrlSource delegate) {
        this(delegate, Clock.systemUTC(), DEFAULT_REFRESH_MARGIN);
    }

    public CachingCheckpointUrlSource(CheckpointUrlSource delegate, Clock clock, Duration refreshMargin) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(refreshMargin, "refreshMargin");
        if (refreshMargin.isNegative()) {
            throw new IllegalArgumentException("refreshMargin must not be negative: " + refreshMargin);
        }
        this.refreshMargin = refreshMargin;
    }

    @Override
    public CompletableFuture<SignedCheckpointUrl> signedUrl(TinkerPath path, Optional<Duration> ttl) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(ttl, "ttl");
        Instant now = clock.instant();
        Entry[] started = new Entry[1];
        Entry entry = entries.compute(path, (key, existing) -> {
            if (existing != null && existing.usableAt(now)) {
                return existing;
            }
            started[0] = new Entry(ttl.map(now::plus));
            return started[0];
        });
        if (started[0] != null) {
            // Started outside compute(): the delegate may complete at once, and its callback edits the map.
            resolve(path, ttl, started[0]);
            evictLapsed(now);
        }
        return entry.url.copy();
    }

    /** Forgets {@code path}, e.g. after Sail refused its URL; the next call resolves afresh. */
    public void invalidate(TinkerPath path) {
        entries.remove(path);
    }

    /** Paths currently remembered or being resolved. */
    public int size() {
        return entries.size();
    }

    public Duration refreshMargin() {
        return refreshMargin;
    }

    private void resolve(TinkerPath path, Optional<Duration> ttl, Entry entry) {
        CompletableFuture<SignedCheckpointUrl> resolution;
        try {
            resolution = delegate.signedUrl(path, ttl);
        } catch (RuntimeException e) {
            resolution = CompletableFuture.failedFuture(e);
        }
        resolution.whenComplete((url, error) -> {
            if (error != null) {
                entries.remove(path, entry);
                entry.url.completeExceptionally(error);
            } else {
                entry.resolved(url, clock.instant(), refreshMargin);
            }
        });
    }

    private void evictLapsed(Instant now) {
        entries.entrySet().removeIf(e -> e.getValue().lapsedAt(now));
    }

    @Override
    public String toString() {
        return "CachingCheckpointUrlSource[" + entries.size() + " paths, refresh " + refreshMargin + " before expiry, over "
                + delegate + "]";
    }

    /** One path's resolution: in flight, or done with the URL it found and when to refresh it. */
    private static final class Entry {
        final CompletableFuture<SignedCheckpointUrl> url = new CompletableFuture<>();
        /** When the checkpoint itself goes, if a TTL was set. */
        private final Optional<Instant> checkpointExpiresAt;
        private volatile Instant validUntil;
        private volatile Instant refreshAt;

        Entry(Optional<Instant> checkpointExpiresAt) {
            this.checkpointExpiresAt = checkpointExpiresAt;
        }

        /**
         * Records the URL. The refresh point is {@code margin} before the end of its life, or half its
         * remaining life if that is shorter, so a short-lived URL is still served from the cache.
         */
        void resolved(SignedCheckpointUrl found, Instant now, Duration margin) {
            Instant until = found.expiresAt();
            if (checkpointExpiresAt.isPresent() && checkpointExpiresAt.get().isBefore(until)) {
                until = checkpointExpiresAt.get();
            }
            Duration life = Duration.between(now, until);
            Duration lead = life.isNegative() ? Duration.ZERO : life.dividedBy(2).compareTo(margin) < 0 ? life.dividedBy(2) : margin;
            validUntil = until;
            refreshAt = until.minus(lead);
            url.complete(found);
        }

        boolean usableAt(Instant now) {
            if (!url.isDone()) {
                return true;
            }
            Instant refresh = refreshAt;
            return !url.isCompletedExceptionally() && refresh != null && now.isBefore(refresh);
        }

        boolean lapsedAt(Instant now) {
            Instant until = validUntil;
            return url.isDone() && (until == null || !now.isBefore(until));
        }
    }
}
