package io.sail4j.application;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A semaphore for asynchronous work that never blocks a thread: {@link #submit} runs the task at once
 * when a permit is free and otherwise queues it; {@link #release} hands the permit to the next queued
 * task. Tasks run on the submitting or releasing thread through one drain loop, so a chain of tasks
 * that finish synchronously runs iteratively, not recursively. Each task must call {@link #release}
 * exactly once (a task that finds its work cancelled releases at once), and must not throw.
 */
final class AsyncPermits {
    private final int limit;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private final AtomicInteger drainers = new AtomicInteger();
    private int inUse;

    /** @param limit permits; 0 or less means no limit */
    AsyncPermits(int limit) {
        this.limit = limit <= 0 ? Integer.MAX_VALUE : limit;
    }

    void submit(Runnable task) {
        synchronized (this) {
            waiting.addLast(task);
        }
        drain();
    }

    void release() {
        synchronized (this) {
            inUse--;
        }
        drain();
    }

    synchronized int inUse() {
        return inUse;
    }

    synchronized int queued() {
        return waiting.size();
    }

    private void drain() {
        if (drainers.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            while (true) {
                Runnable next;
                synchronized (this) {
                    if (inUse >= limit || waiting.isEmpty()) {
                        break;
                    }
                    next = waiting.pollFirst();
                    inUse++;
                }
                next.run();
            }
            missed = drainers.addAndGet(-missed);
        } while (missed != 0);
    }
}
