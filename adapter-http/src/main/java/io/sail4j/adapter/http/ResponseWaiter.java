package io.sail4j.adapter.http;

import io.sail4j.core.error.CompletionFailures;
import io.sail4j.core.error.RateLimitedException;
import io.sail4j.core.error.ResponseFailedException;
import io.sail4j.core.error.SailTimeoutException;
import io.sail4j.core.error.TransportException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a background response: creates it, then polls {@code GET /v1/responses/{id}} on the
 * shared scheduler (no thread waits) until it finishes or the caller's deadline passes. Polls are
 * GETs, so a transient failure (5xx, network, rate limit) just means polling again, until the
 * deadline. Cancelling the returned future stops everything in flight.
 */
final class ResponseWaiter {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseWaiter.class);

    private final JsonTransport json;
    private final ScheduledExecutorService scheduler;
    private final Duration maxRetryAfter;
    private final String apiKey;

    ResponseWaiter(JsonTransport json, ScheduledExecutorService scheduler, Duration maxRetryAfter, String apiKey) {
        this.json = json;
        this.scheduler = scheduler;
        this.maxRetryAfter = maxRetryAfter;
        this.apiKey = apiKey;
    }

    /**
     * @param create   starts the response (with its own retries); called once
     * @param finished turns a completed or incomplete response into the result (may throw a typed error)
     */
    <T> CompletableFuture<T> await(Supplier<CompletableFuture<SailWire.ResponseState>> create, PollSchedule schedule,
                                   Duration timeout, Function<SailWire.ResponseState, T> finished) {
        return new Wait<>(schedule, timeout, finished).start(create);
    }

    private final class Wait<T> {
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private final AtomicReference<Future<?>> inFlight = new AtomicReference<>();
        private final PollSchedule schedule;
        private final Duration timeout;
        private final long deadline;
        private final Function<SailWire.ResponseState, T> finished;
        private volatile String responseId;
        private volatile String lastStatus = "not created";
        private ScheduledFuture<?> timer;

        Wait(PollSchedule schedule, Duration timeout, Function<SailWire.ResponseState, T> finished) {
            this.schedule = schedule;
            this.timeout = timeout;
            this.deadline = System.nanoTime() + timeout.toNanos();
            this.finished = finished;
        }

        CompletableFuture<T> start(Supplier<CompletableFuture<SailWire.ResponseState>> create) {
            try {
                timer = scheduler.schedule(this::timedOut, timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closed) {
                result.completeExceptionally(new TransportException("the backend is closed", closed, false));
                return result;
            }
            result.whenComplete((value, failure) -> {
                timer.cancel(false);
                Future<?> running = inFlight.getAndSet(null);
                if (running != null && !running.isDone()) {
                    running.cancel(true);
                }
            });
            CompletableFuture<SailWire.ResponseState> created = create.get();
            track(created);
            created.whenComplete((state, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(CompletionFailures.unwrap(failure));
                } else {
                    responseId = state.id();
                    LOG.debug("response {} created, status {}", state.id(), state.status());
                    handle(state, 0);
                }
            });
            return result;
        }

        private void handle(SailWire.ResponseState state, int polls) {
            lastStatus = state.status();
            switch (state.progress()) {
                case COMPLETED, INCOMPLETE -> {
                    try {
                        result.complete(finished.apply(state));
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                }
                case FAILED -> result.completeExceptionally(new ResponseFailedException(state.id(), state.status(),
                        state.errorCode().orElse(null), state.errorMessage().map(m -> Redaction.scrub(m, apiKey)).orElse(null)));
                default -> schedulePoll(schedule.delay(polls), polls + 1);
            }
        }

        private void schedulePoll(Duration delay, int polls) {
            if (result.isDone()) {
                return;
            }
            long remaining = deadline - System.nanoTime();
            long wait = Math.max(0, Math.min(delay.toNanos(), remaining));
            try {
                track(scheduler.schedule(() -> poll(polls), wait, TimeUnit.NANOSECONDS));
            } catch (RejectedExecutionException closed) {
                result.completeExceptionally(new TransportException("the backend is closed", closed, false));
            }
        }

        private void poll(int polls) {
            if (result.isDone()) {
                return;
            }
            CompletableFuture<SailWire.ResponseState> answer = json.once(
                    JsonTransport.Call.get(SailWire.RESPONSES + "/" + HttpSailBackend.segment(responseId)), false,
                    SailWire::responseState);
            track(answer);
            answer.whenComplete((state, failure) -> {
                if (failure == null) {
                    handle(state, polls);
                    return;
                }
                Throwable t = CompletionFailures.unwrap(failure);
                if (result.isDone()) {
                    return;
                }
                if (Failures.isRetryable(t) || t instanceof RateLimitedException) {
                    Duration next = schedule.delay(polls);
                    if (t instanceof RateLimitedException limited && limited.retryAfter().isPresent()) {
                        Duration asked = limited.retryAfter().get();
                        next = asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
                    }
                    LOG.debug("poll of response {} failed ({}); polling again in {} ms", responseId,
                            RetryRules.summary(t), next.toMillis());
                    schedulePoll(next, polls + 1);
                } else {
                    result.completeExceptionally(t);
                }
            });
        }

        private void track(Future<?> future) {
            inFlight.set(future);
            if (result.isDone() && !future.isDone()) {
                future.cancel(true);
            }
        }

        private void timedOut() {
            String id = responseId == null ? "(not yet created)" : responseId;
            result.completeExceptionally(new SailTimeoutException("response " + id + " did not finish within "
                    + timeout.toMillis() + " ms (last status " + lastStatus + ")"));
        }
    }
}
