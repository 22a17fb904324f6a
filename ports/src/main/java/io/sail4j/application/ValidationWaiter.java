package io.sail4j.application;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.SailException;
import io.sail4j.core.error.ValidationTimeoutException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.Lora;
import io.sail4j.core.lora.LoraRef;
import io.sail4j.core.lora.ValidationRecord;
import io.sail4j.core.model.ModelId;
import io.sail4j.core.rules.ValidationRules;
import io.sail4j.ports.in.ValidationOutcome;
import io.sail4j.ports.in.ValidationWait;
import io.sail4j.ports.out.SailBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Polls a LoRA until the latest validation of every awaited model has finished, with backoff on a
 * scheduler: no thread sleeps between checks. The last check happens at the deadline.
 */
final class ValidationWaiter {
    private final SailBackend backend;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoTime;
    private final Set<Poll> active = ConcurrentHashMap.newKeySet();

    ValidationWaiter(SailBackend backend, ScheduledExecutorService scheduler, LongSupplier nanoTime) {
        this.backend = backend;
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
    }

    /** Waits for {@code model}, or for every supported model when empty. */
    CompletableFuture<ValidationOutcome> await(LoraRef ref, Optional<ModelId> model, ValidationWait wait) {
        Poll poll = new Poll(ref, model, wait);
        active.add(poll);
        poll.result.whenComplete((outcome, failure) -> active.remove(poll));
        poll.check();
        return poll.result;
    }

    /** Fails every wait still running: their scheduled checks will not run any more. */
    void close() {
        for (Poll poll : active) {
            poll.result.completeExceptionally(new SailException("the Sail client was closed while waiting for validation of lora "
                    + poll.ref.value()));
        }
    }

    private final class Poll {
        final CompletableFuture<ValidationOutcome> result = new CompletableFuture<>();
        final LoraRef ref;
        final Optional<ModelId> model;
        final ValidationWait wait;
        final long started = nanoTime.getAsLong();
        int attempts;
        long nextDelayNanos;
        volatile Future<?> scheduled;
        volatile CompletableFuture<Lora> fetching;

        Poll(LoraRef ref, Optional<ModelId> model, ValidationWait wait) {
            this.ref = ref;
            this.model = model;
            this.wait = wait;
            this.nextDelayNanos = wait.initialDelay().toNanos();
            result.whenComplete((outcome, failure) -> {
                if (result.isCancelled()) {
                    Future<?> next = scheduled;
                    if (next != null) {
                        next.cancel(false);
                    }
                    CompletableFuture<Lora> inFlight = fetching;
                    if (inFlight != null) {
                        inFlight.cancel(false);
                    }
                }
            });
        }

        void check() {
            if (result.isDone()) {
                return;
            }
            attempts++;
            CompletableFuture<Lora> fetch = backend.getLora(ref);
            fetching = fetch;
            fetch.whenComplete((lora, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    try {
                        observe(lora);
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                }
            });
        }

        void observe(Lora lora) {
            List<ModelId> awaited;
            if (model.isPresent()) {
                if (!lora.supportedModels().contains(model.get())) {
                    result.completeExceptionally(new InvalidRequestException(Violation.of("model",
                            ValidationRules.notSupportedMessage(model.get(), lora.supportedModels()), model.get())));
                    return;
                }
                awaited = List.of(model.get());
            } else {
                awaited = lora.supportedModels();
            }
            List<ValidationRecord> finished = new ArrayList<>();
            Map<String, String> pending = new LinkedHashMap<>();
            for (ModelId id : awaited) {
                Optional<ValidationRecord> latest = lora.latestValidation(id);
                if (latest.isPresent() && latest.get().isFinished()) {
                    finished.add(latest.get());
                } else {
                    pending.put(id.value(), latest.map(r -> r.status().wireName()).orElse("none"));
                }
            }
            long elapsed = nanoTime.getAsLong() - started;
            if (pending.isEmpty()) {
                result.complete(new ValidationOutcome(lora, finished, ValidationOutcome.Matched.of(finished), attempts,
                        Duration.ofNanos(elapsed)));
                return;
            }
            long remaining = wait.maxWait().toNanos() - elapsed;
            if (remaining <= 0) {
                result.completeExceptionally(new ValidationTimeoutException(ref.value(), pending, attempts, Duration.ofNanos(elapsed)));
                return;
            }
            long delay = Math.min(nextDelayNanos, remaining);
            nextDelayNanos = Math.min((long) (nextDelayNanos * wait.multiplier()), wait.maxDelay().toNanos());
            scheduled = scheduler.schedule(this::check, delay, TimeUnit.NANOSECONDS);
            if (result.isCancelled()) {
                scheduled.cancel(false);
            }
        }
    }
}
