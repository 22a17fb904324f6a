package io.sail4j.adapter.tinker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.NotFoundException;
import io.sail4j.core.tinker.SignedCheckpointUrl;
import io.sail4j.core.tinker.TinkerPath;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

// The cache in front of the real Tinker client, against the fake Tinker on loopback: a hit costs no
// request; a URL nearing expiry (by the injected clock, no sleeping) is resolved afresh; a hundred
// concurrent callers share one resolution; failures are not remembered.
class CachingCheckpointUrlSourceTest {
    static final TinkerPath STEP_7 = TinkerPath.parse("tinker://run-1:train:0/sampler_weights/rl-step-7");
    static final TinkerPath STEP_8 = TinkerPath.parse("tinker://run-1:train:0/sampler_weights/rl-step-8");
    static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
    static final Instant EXPIRES = NOW.plus(Duration.ofMinutes(15));

    FakeTinker tinker;
    MutableClock clock;
    TinkerRestCheckpoints rest;
    CachingCheckpointUrlSource cache;

    @BeforeEach
    void start() throws IOException {
        tinker = new FakeTinker().checkpoint(STEP_7).checkpoint(STEP_8);
        clock = new MutableClock(NOW);
        rest = TinkerRestCheckpoints.builder().apiKey(FakeTinker.API_KEY).baseUrl(tinker.baseUrl()).clock(clock)
                .buildingBackoff(Duration.ofMillis(5), Duration.ofMillis(5))
                .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(5))
                .build();
        cache = new CachingCheckpointUrlSource(rest, clock, Duration.ofMinutes(2));
    }

    @AfterEach
    void stop() {
        rest.close();
        tinker.close();
    }

    FakeTinker.Answer expiringAt(TinkerPath path, Instant expires) {
        return tinker.redirect(path, FakeTinker.rfc1123(expires));
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    @Test
    void theSamePathIsServedFromTheCacheUntilShortlyBeforeExpiry() throws Exception {
        tinker.onArchive(STEP_7, expiringAt(STEP_7, EXPIRES), expiringAt(STEP_7, EXPIRES.plus(Duration.ofMinutes(15))));

        SignedCheckpointUrl first = await(cache.signedUrl(STEP_7));
        clock.advance(Duration.ofMinutes(13).minusSeconds(1));
        assertEquals(first, await(cache.signedUrl(STEP_7)));
        assertEquals(1, tinker.archiveRequests(), "a hit sends nothing");

        clock.advance(Duration.ofSeconds(1)); // now exactly two minutes before expiry
        SignedCheckpointUrl refreshed = await(cache.signedUrl(STEP_7));
        assertEquals(2, tinker.archiveRequests(), "re-resolved before expiry");
        assertEquals(EXPIRES.plus(Duration.ofMinutes(15)), refreshed.expiresAt());

        assertEquals(refreshed, await(cache.signedUrl(STEP_7)));
        assertEquals(2, tinker.archiveRequests());
    }

    @Test
    void differentPathsAreResolvedSeparately() throws Exception {
        SignedCheckpointUrl seven = await(cache.signedUrl(STEP_7));
        SignedCheckpointUrl eight = await(cache.signedUrl(STEP_8));
        assertFalse(seven.url().equals(eight.url()));
        assertEquals(2, tinker.archiveRequests());
        assertEquals(2, cache.size());
    }

    @Test
    void aHundredConcurrentCallersShareOneResolution() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        tinker.onArchive(STEP_7, tinker.held(arrived, release, expiringAt(STEP_7, EXPIRES)));
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch allAsked = new CountDownLatch(100);
            List<CompletableFuture<CompletableFuture<SignedCheckpointUrl>>> asks = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                asks.add(CompletableFuture.supplyAsync(() -> {
                    CompletableFuture<SignedCheckpointUrl> url = cache.signedUrl(STEP_7, Optional.of(Duration.ofHours(1)));
                    allAsked.countDown();
                    return url;
                }, callers));
            }
            assertTrue(allAsked.await(10, TimeUnit.SECONDS));
            assertTrue(arrived.await(10, TimeUnit.SECONDS));
            release.countDown();

            Set<SignedCheckpointUrl> urls = asks.stream().map(ask -> ask.join().join()).collect(Collectors.toSet());
            assertEquals(Set.of(await(cache.signedUrl(STEP_7))), urls);
            assertEquals(1, tinker.archiveRequests());
            assertEquals(1, tinker.requests().stream().filter(s -> s.method().equals("PUT")).count(), "TTL set once");
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void oneCallerCancellingDoesNotCancelTheSharedResolution() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        tinker.onArchive(STEP_7, tinker.held(arrived, release, expiringAt(STEP_7, EXPIRES)));
        CompletableFuture<SignedCheckpointUrl> impatient = cache.signedUrl(STEP_7);
        CompletableFuture<SignedCheckpointUrl> patient = cache.signedUrl(STEP_7);
        assertTrue(arrived.await(10, TimeUnit.SECONDS));
        impatient.cancel(true);
        release.countDown();
        assertEquals(EXPIRES, await(patient).expiresAt());
        assertEquals(1, tinker.archiveRequests());
    }

    @Test
    void aFailedResolutionIsNotCached() throws Exception {
        tinker.onArchive(STEP_7, FakeTinker.json(404, "{\"detail\":\"not yet saved\"}"));

        ExecutionException first = assertThrows(ExecutionException.class, () -> await(cache.signedUrl(STEP_7)));
        assertInstanceOf(NotFoundException.class, first.getCause());
        assertEquals(0, cache.size());

        assertEquals(tinker.signedUrl(STEP_7), await(cache.signedUrl(STEP_7)).url());
        assertEquals(2, tinker.archiveRequests());
    }

    @Test
    void aUrlOutlivingTheCheckpointTtlIsRefreshedWhenTheCheckpointWouldBeGone() throws Exception {
        tinker.onArchive(STEP_7, expiringAt(STEP_7, NOW.plus(Duration.ofHours(1))));
        await(cache.signedUrl(STEP_7, Optional.of(Duration.ofMinutes(10))));
        clock.advance(Duration.ofMinutes(7).plusSeconds(59));
        await(cache.signedUrl(STEP_7));
        assertEquals(1, tinker.archiveRequests());
        clock.advance(Duration.ofSeconds(1)); // two minutes before the checkpoint's TTL runs out
        await(cache.signedUrl(STEP_7));
        assertEquals(2, tinker.archiveRequests());
    }

    @Test
    void aShortLivedUrlIsStillServedForHalfItsLife() throws Exception {
        tinker.onArchive(STEP_7, expiringAt(STEP_7, NOW.plus(Duration.ofMinutes(2))),
                expiringAt(STEP_7, NOW.plus(Duration.ofMinutes(4))));
        SignedCheckpointUrl first = await(cache.signedUrl(STEP_7));
        clock.advance(Duration.ofSeconds(59));
        assertEquals(first, await(cache.signedUrl(STEP_7)));
        clock.advance(Duration.ofSeconds(1));
        await(cache.signedUrl(STEP_7));
        assertEquals(2, tinker.archiveRequests());
    }

    @Test
    void invalidateForgetsAPath() throws Exception {
        await(cache.signedUrl(STEP_7));
        cache.invalidate(STEP_7);
        await(cache.signedUrl(STEP_7));
        assertEquals(2, tinker.archiveRequests());
    }

    @Test
    void lapsedEntriesAreDroppedSoALongLoopDoesNotGrowTheCache() throws Exception {
        await(cache.signedUrl(STEP_7));
        clock.set(FakeTinker.EXPIRES.plusSeconds(1));
        tinker.onArchive(STEP_8, expiringAt(STEP_8, FakeTinker.EXPIRES.plus(Duration.ofHours(1))));
        await(cache.signedUrl(STEP_8));
        assertEquals(1, cache.size());
    }
}
