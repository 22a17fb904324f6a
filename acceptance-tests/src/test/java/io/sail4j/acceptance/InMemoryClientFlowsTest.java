package io.sail4j.acceptance;

import static io.sail4j.acceptance.Fixtures.KIMI;
import static io.sail4j.ports.in.Blocking.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.adapter.fake.InMemorySail;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.ports.in.TokenCompleter;
import io.sail4j.ports.in.TokenCompleterOptions;
import io.sail4j.ports.out.SailBackend;
import io.sail4j.ports.out.TokenSampleRequest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The client flows on the in-memory Sail, plus the rollout-scale runs that only make sense without sockets. */
class InMemoryClientFlowsTest extends ClientFlowsContract {
    static final int CALLS = 10_000;
    /** Threads the run may add: the fake's workers and timer, the client's scheduler, slack for the JVM. */
    static final int THREAD_ALLOWANCE = 24;

    @Override
    protected SailBackend connect(InMemorySail fake, String apiKey) {
        return fake.backend(apiKey);
    }

    @Test
    void tenThousandConcurrentCompletionsRunOnAHandfulOfThreads() throws Exception {
        World w = worldWith(InMemorySail.Builder::manualResponses);
        TokenCompleter completer = w.sail.tokenCompleter(TokenCompleterOptions.builder(KIMI.value(), 4).build());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int threadsBefore = threads.getThreadCount();
        threads.resetPeakThreadCount();

        List<CompletableFuture<SampledTokens>> calls = new ArrayList<>(CALLS);
        for (int i = 0; i < CALLS; i++) {
            calls.add(completer.complete(ModelInput.of(1 + i % 5000, 42), StopCondition.none()));
        }
        // Sail holds every response: all 10,000 calls are in flight at once.
        assertEquals(CALLS, completer.inFlight());
        assertTrue(w.fake.awaitUnfinishedResponses(CALLS, Duration.ofSeconds(10)));
        w.fake.startResponses();
        w.fake.finishResponses();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        int added = threads.getPeakThreadCount() - threadsBefore;
        assertTrue(added <= THREAD_ALLOWANCE, "10,000 calls added " + added + " threads");
        for (CompletableFuture<SampledTokens> call : calls) {
            SampledTokens tokens = call.join();
            assertTrue(tokens.length() > 0 && tokens.length() <= 4);
            assertEquals(tokens.length(), tokens.logprobs().orElseThrow().length);
        }
        assertEquals(CALLS, w.created("response"));
        assertEquals(0, completer.inFlight());
    }

    @Test
    void aCapOnInFlightCallsQueuesTheRestWithoutHoldingThreads() throws Exception {
        int cap = 64;
        int callCount = 2_000;
        AtomicInteger outstanding = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        World w = new World(InMemorySail.Builder::manualResponses, real -> new ForwardingBackend(real) {
            @Override
            public CompletableFuture<SampledTokens> sampleTokens(TokenSampleRequest request) {
                peak.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
                return delegate.sampleTokens(request).whenComplete((tokens, failure) -> outstanding.decrementAndGet());
            }
        }, b -> b);
        TokenCompleter completer = w.sail.tokenCompleter(TokenCompleterOptions.builder(KIMI.value(), 3).maxInFlight(cap).build());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int threadsBefore = threads.getThreadCount();
        threads.resetPeakThreadCount();

        List<CompletableFuture<SampledTokens>> calls = new ArrayList<>(callCount);
        for (int i = 0; i < callCount; i++) {
            calls.add(completer.complete(ModelInput.of(7, 1 + i % 3000), StopCondition.none()));
        }
        assertEquals(cap, completer.inFlight());
        assertEquals(callCount - cap, completer.queued());
        assertEquals(cap, w.created("response"));

        CompletableFuture<Void> all = CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
        while (!all.isDone()) {
            if (w.fake.awaitUnfinishedResponses(1, Duration.ofMillis(100))) {
                w.fake.finishResponses();
            }
        }
        all.get(1, TimeUnit.SECONDS);

        assertEquals(cap, peak.get(), "never more than the cap outstanding");
        assertTrue(threads.getPeakThreadCount() - threadsBefore <= THREAD_ALLOWANCE);
        assertTrue(calls.stream().map(CompletableFuture::join).allMatch(t -> t.length() > 0));
        assertEquals(0, completer.queued());
        assertEquals(callCount, w.created("response"));
    }

    @Test
    void cancellingAQueuedCallFreesItsPlaceWithoutSendingIt() throws InterruptedException {
        World w = worldWith(InMemorySail.Builder::manualResponses);
        TokenCompleter completer = w.sail.tokenCompleter(TokenCompleterOptions.builder(KIMI.value(), 3).maxInFlight(1).build());

        CompletableFuture<SampledTokens> first = completer.complete(PROMPT, StopCondition.none());
        CompletableFuture<SampledTokens> second = completer.complete(PROMPT, StopCondition.none());
        CompletableFuture<SampledTokens> third = completer.complete(PROMPT, StopCondition.none());
        assertEquals(1, completer.inFlight());
        assertEquals(2, completer.queued());

        second.cancel(false);
        w.fake.finishResponses();
        await(first);
        assertTrue(w.fake.awaitUnfinishedResponses(1, Duration.ofSeconds(5)), "the third call took the freed place");
        w.fake.finishResponses();
        await(third);

        assertEquals(2, w.backend.sampleCalls.get(), "the cancelled call was never sent");
        assertEquals(0, completer.queued());
    }
}
