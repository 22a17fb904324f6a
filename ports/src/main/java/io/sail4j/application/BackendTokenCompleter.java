package io.sail4j.application;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.ResponseFailedException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.LoraSource;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.SamplingParams;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.ports.in.Blocking;
import io.sail4j.ports.in.TokenCompleter;
import io.sail4j.ports.in.TokenCompleterOptions;
import io.sail4j.ports.out.SailBackend;
import io.sail4j.ports.out.TokenSampleRequest;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token completer over {@link SailBackend#sampleTokens}. A call is a future and a few references:
 * no thread waits for Sail, and calls over the in-flight cap wait in {@link AsyncPermits}' queue.
 */
final class BackendTokenCompleter implements TokenCompleter {
    private final SailBackend backend;
    private final TokenCompleterOptions options;
    private final LoraSupply supply;
    private final AsyncPermits permits;
    private final AtomicInteger inFlight = new AtomicInteger();

    BackendTokenCompleter(SailBackend backend, TokenCompleterOptions options, LoraSupply supply) {
        this.backend = backend;
        this.options = options;
        this.supply = supply;
        this.permits = new AsyncPermits(options.maxInFlight());
    }

    @Override
    public CompletableFuture<SampledTokens> complete(ModelInput input, StopCondition stop) {
        return start(input, stop, options.sampling());
    }

    @Override
    public CompletableFuture<SampledTokens> complete(ModelInput input, StopCondition stop, int maxTokens) {
        if (maxTokens <= 0) {
            return CompletableFuture.failedFuture(new InvalidRequestException(
                    Violation.of("max_tokens", "must be a positive integer", maxTokens)));
        }
        return start(input, stop, options.sampling().capped(maxTokens));
    }

    @Override
    public TokenCompleterOptions options() {
        return options;
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public int queued() {
        return permits.queued();
    }

    private CompletableFuture<SampledTokens> start(ModelInput input, StopCondition stop, SamplingParams params) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(stop, "stop");
        Call call = new Call(input, stop, params);
        permits.submit(call::begin);
        return call.result;
    }

    @Override
    public String toString() {
        return "TokenCompleter[" + options + "]";
    }

    /** One {@code complete} call: at most two requests (the second after a refused checkpoint). */
    private final class Call {
        final CompletableFuture<SampledTokens> result = new CompletableFuture<>();
        final ModelInput input;
        final StopCondition stop;
        final SamplingParams params;
        final AtomicBoolean released = new AtomicBoolean();
        volatile CompletableFuture<?> waitingOn;

        Call(ModelInput input, StopCondition stop, SamplingParams params) {
            this.input = input;
            this.stop = stop;
            this.params = params;
            result.whenComplete((tokens, failure) -> {
                CompletableFuture<?> pending = waitingOn;
                if (result.isCancelled() && pending != null) {
                    pending.cancel(false);
                }
            });
        }

        /** Runs when a slot is free; a call cancelled while queued just gives the slot back. */
        void begin() {
            if (result.isDone()) {
                if (released.compareAndSet(false, true)) {
                    permits.release();
                }
                return;
            }
            inFlight.incrementAndGet();
            attempt(false);
        }

        void attempt(boolean retried) {
            CompletableFuture<Optional<LoraSource>> source = supply.current();
            waitingOn = source;
            source.whenComplete((lora, failure) -> {
                if (failure != null) {
                    finish(null, failure);
                    return;
                }
                CompletableFuture<SampledTokens> sample;
                try {
                    sample = backend.sampleTokens(new TokenSampleRequest(options.model(), input, params, stop,
                            options.completionWindow(), lora, options.metadata(), options.timeout(), Optional.empty()));
                } catch (RuntimeException e) {
                    finish(null, e);
                    return;
                }
                waitingOn = sample;
                if (result.isCancelled()) {
                    sample.cancel(false);
                }
                sample.whenComplete((tokens, sampleFailure) -> {
                    if (sampleFailure != null && !retried && lora.isPresent() && checkpointUnavailable(sampleFailure)
                            && supply.refused(lora.get()) && !result.isDone()) {
                        attempt(true);
                    } else {
                        finish(tokens, sampleFailure);
                    }
                });
            });
        }

        /** Counts the call out before its caller hears of it, and hands the slot on after. */
        void finish(SampledTokens tokens, Throwable failure) {
            boolean first = released.compareAndSet(false, true);
            if (first) {
                inFlight.decrementAndGet();
            }
            if (failure != null) {
                result.completeExceptionally(Blocking.unwrap(failure));
            } else if (!params.logprobs() && tokens.logprobs().isPresent()) {
                result.complete(SampledTokens.of(tokens.tokens(), null, tokens.stopReason()));
            } else {
                result.complete(tokens);
            }
            if (first) {
                permits.release();
            }
        }
    }

    private static boolean checkpointUnavailable(Throwable failure) {
        return Blocking.unwrap(failure) instanceof ResponseFailedException failed
                && failed.code().filter(ResponseFailedException.TINKER_CHECKPOINT_UNAVAILABLE::equals).isPresent();
    }
}
