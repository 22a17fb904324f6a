package io.sail4j.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AsyncPermitsTest {

    @Test
    void queuesTasksOverTheLimitAndStartsThemInOrderAsPermitsComeBack() {
        AsyncPermits permits = new AsyncPermits(2);
        List<Integer> started = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int id = i;
            permits.submit(() -> started.add(id));
        }
        assertEquals(List.of(0, 1), started);
        assertEquals(2, permits.inUse());
        assertEquals(3, permits.queued());

        permits.release();
        assertEquals(List.of(0, 1, 2), started);
        permits.release();
        permits.release();
        assertEquals(List.of(0, 1, 2, 3, 4), started);
        assertEquals(0, permits.queued());
    }

    @Test
    void tasksThatFinishSynchronouslyRunIterativelyNotRecursively() {
        AsyncPermits permits = new AsyncPermits(1);
        AtomicInteger ran = new AtomicInteger();
        ArrayDeque<Runnable> held = new ArrayDeque<>();
        permits.submit(() -> held.add(permits::release));
        for (int i = 0; i < 200_000; i++) {
            permits.submit(() -> {
                ran.incrementAndGet();
                permits.release();
            });
        }
        // Releasing the first permit runs 200,000 queued tasks that each release at once; a recursive
        // hand-off would overflow the stack.
        held.poll().run();
        assertEquals(200_000, ran.get());
        assertEquals(0, permits.inUse());
    }

    @Test
    void neverRunsMoreThanTheLimitAtOnceUnderConcurrentUse() throws Exception {
        AsyncPermits permits = new AsyncPermits(3);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        int tasks = 2_000;
        CountDownLatch done = new CountDownLatch(tasks);
        ExecutorService finishers = Executors.newFixedThreadPool(4);
        ExecutorService submitters = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < tasks; i++) {
                submitters.execute(() -> permits.submit(() -> {
                    peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                    finishers.execute(() -> {
                        running.decrementAndGet();
                        done.countDown();
                        permits.release();
                    });
                }));
            }
            assertTrue(done.await(20, TimeUnit.SECONDS));
        } finally {
            submitters.shutdownNow();
            finishers.shutdownNow();
        }
        assertTrue(peak.get() <= 3, "peak " + peak.get());
        assertEquals(0, permits.queued());
    }

    @Test
    void noLimitRunsEverythingAtOnce() {
        AsyncPermits permits = new AsyncPermits(0);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 1000; i++) {
            permits.submit(ran::incrementAndGet);
        }
        assertEquals(1000, ran.get());
        assertEquals(1000, permits.inUse());
    }
}
