package io.sail4j.bench;

import io.sail4j.adapter.fake.SailEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Benchmark 2: N raw-token completions at once through sail4j's token completer (over the HTTP
 * adapter) against the same N background Responses through the official OpenAI Java SDK's async
 * client with a fixed-interval polling loop, each client in a JVM of its own, against a fresh
 * emulator whose responses take the same simulated time.
 */
final class CompletionsBenchmark {
    static final String API_KEY = "sk_bench_completions";
    /** How long the emulator takes to finish a background response. */
    static final Duration LATENCY = Duration.ofSeconds(1);
    /** The OpenAI loop's poll interval. */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    static final List<String> PROBE_JVM_OPTIONS = List.of("-Xmx1g");
    /** A run still going after this is stopped and reported as not finished. */
    static final Duration RUN_CAP = Duration.ofMinutes(5);

    enum Client {
        OPENAI("openai-java " + sdkVersion() + " async (baseline)"),
        SAIL4J("sail4j token completer");

        final String label;

        Client(String label) {
            this.label = label;
        }
    }

    record Run(Client client, int n, double seconds, int completed, int failed, long requests, int peakThreads,
               int threadsAtStart, long peakHeapBytes, long peakOpenFiles, String failure) {
        double completionsPerSecond() {
            return completed / seconds;
        }

        double requestsPerCompletion() {
            return (double) requests / n;
        }
    }

    private final BenchContext context;

    CompletionsBenchmark(BenchContext context) {
        this.context = context;
    }

    Section run() {
        int[] sizes = context.quick() ? new int[] {200, 1000} : new int[] {2_000, 10_000};
        List<Run> runs = new ArrayList<>();
        for (int n : sizes) {
            for (int i = 1; i <= context.runs(); i++) {
                for (Client client : Client.values()) {
                    context.progress("completions N=" + n + " run " + i + "/" + context.runs() + ": " + client.label);
                    runs.add(once(client, n, "completions-" + client.name().toLowerCase() + "-" + n + "-" + i));
                }
            }
        }
        return report(sizes, runs);
    }

    private Run once(Client client, int n, String name) {
        try (SailEmulator emulator = SailEmulator.builder().fakeSettings(fake -> fake.responseDelay(LATENCY)).start()) {
            String baseUrl = emulator.baseUrl().toString();
            List<String> args = client == Client.SAIL4J ? List.of(baseUrl, API_KEY, Integer.toString(n))
                    : List.of(baseUrl, API_KEY, Integer.toString(n), Long.toString(POLL_INTERVAL.toMillis()));
            Class<?> main = client == Client.SAIL4J ? Sail4jCompletionsProbe.class : OpenAiResponsesProbe.class;
            try (ForkedJvm probe = ForkedJvm.start(name, context.log(name), PROBE_JVM_OPTIONS, main, args)) {
                probe.awaitReady(Duration.ofMinutes(3));
                long before = totalRequests(emulator);
                probe.go();
                Map<String, Object> result;
                try {
                    result = probe.result(RUN_CAP);
                } catch (IllegalStateException e) {
                    context.progress(name + ": " + e.getMessage());
                    return new Run(client, n, Double.NaN, 0, n, totalRequests(emulator) - before, -1, -1, -1, -1, e.getMessage());
                }
                long requests = totalRequests(emulator) - before;
                Function<String, Number> number = key -> (Number) result.get(key);
                return new Run(client, n, number.apply("seconds").doubleValue(), number.apply("completed").intValue(),
                        number.apply("failed").intValue(), requests, number.apply("peakThreads").intValue(),
                        number.apply("threadsAtStart").intValue(), number.apply("peakHeapBytes").longValue(),
                        number.apply("peakOpenFiles").longValue(), (String) result.get("firstFailure"));
            }
        }
    }

    private static long totalRequests(SailEmulator emulator) {
        return emulator.counters().requests().values().stream().mapToLong(Long::longValue).sum();
    }

    private Section report(int[] sizes, List<Run> runs) {
        MarkdownTable table = new MarkdownTable("N", "Client", "completions/s", "vs baseline", "wall time, s",
                "peak live threads", "HTTP requests / completion", "peak open sockets and files", "peak heap used", "failed");
        List<String> notes = new ArrayList<>();
        for (int n : sizes) {
            double baseline = Double.NaN;
            for (Client client : Client.values()) {
                List<Run> mine = runs.stream().filter(r -> r.client() == client && r.n() == n).toList();
                List<Run> finished = mine.stream().filter(r -> !Double.isNaN(r.seconds())).toList();
                double rate = Stats.median(finished.stream().map(Run::completionsPerSecond).toList());
                if (client == Client.OPENAI) {
                    baseline = rate;
                }
                String label = client.label + (finished.size() < mine.size()
                        ? " (" + (mine.size() - finished.size()) + " of " + mine.size() + " runs stopped at " + RUN_CAP.toMinutes() + " min)" : "");
                table.row(String.format("%,d", n), label, MarkdownTable.fixed(rate, 0),
                        client == Client.OPENAI ? "1.00x" : MarkdownTable.ratio(rate / baseline),
                        MarkdownTable.fixed(Stats.median(finished.stream().map(Run::seconds).toList()), 2),
                        MarkdownTable.fixed(Stats.median(finished.stream().map(Run::peakThreads).toList()), 0)
                                + " (" + MarkdownTable.fixed(Stats.median(finished.stream().map(Run::threadsAtStart).toList()), 0) + " at start)",
                        MarkdownTable.fixed(Stats.median(mine.stream().map(Run::requestsPerCompletion).toList()), 2),
                        MarkdownTable.fixed(Stats.median(finished.stream().map(Run::peakOpenFiles).toList()), 0),
                        MarkdownTable.mib(Stats.median(finished.stream().map(Run::peakHeapBytes).toList())),
                        mine.stream().mapToInt(Run::failed).sum());
                mine.stream().filter(r -> r.failure() != null).findFirst()
                        .ifPresent(r -> notes.add(client.label + ", N=" + n + ": first failure: " + r.failure()));
            }
        }
        Section section = new Section("2. Concurrent background responses")
                .text("N raw-token completions started at once (" + CompletionWorkload.PROMPT_TOKENS + " prompt tokens, up to "
                        + CompletionWorkload.MAX_TOKENS + " sampled, logprobs on, window `" + CompletionWorkload.WINDOW + "`), against a "
                        + "fresh emulator whose background responses finish " + LATENCY.toMillis() + " ms after creation. "
                        + "sail4j: `TokenCompleter.complete` over `HttpSailBackend` (which polls on its own schedule: first poll "
                        + "after 100 ms, then x1.5 up to 3 s, for `priority`). Baseline: the official `com.openai:openai-java` "
                        + "async client with defaults, each call `responses().create(background=true)` then `retrieve` every "
                        + POLL_INTERVAL.toMillis() + " ms until a final status (a `CompletableFuture.delayedExecutor` loop, as a user "
                        + "following Sail's quickstart would write it), with Sail's raw-token fields as additional body properties. "
                        + "Each client runs in its own JVM (" + String.join(" ", PROBE_JVM_OPTIONS) + ") after "
                        + CompletionWorkload.WARM_UP + " warm-up completions; " + context.runs() + " runs each, medians shown. "
                        + "Threads: `ThreadMXBean` peak during the run (the JVM's own threads included; \"at start\" is the "
                        + "count once the client was built and warmed). Requests: the emulator's counters over the measured "
                        + "run. Open files: entries of `/proc/self/fd` (TCP connections to the emulator, plus ~20 jars and pipes), "
                        + "sampled every 50 ms. Heap: heap in use sampled every 5 ms (garbage not yet collected included).")
                .table(table);
        if (!notes.isEmpty()) {
            section.bullets(notes);
        }
        return section;
    }

    static String sdkVersion() {
        return BenchVersions.OPENAI_JAVA;
    }
}
