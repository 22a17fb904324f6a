package io.sail4j.bench;

import io.sail4j.adapter.http.WireMappingBenchmark;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Benchmark 4: JMH, sail4j's wire mapping against plain Jackson data binding on the same JSON. */
final class OverheadBenchmark {
    private final BenchContext context;

    OverheadBenchmark(BenchContext context) {
        this.context = context;
    }

    record Score(double medianMicros, List<Double> forkMedians, double bytesPerOp) {
    }

    Section run() {
        int forks = context.quick() ? 1 : context.runs();
        int warmups = context.quick() ? 1 : 3;
        int iterations = context.quick() ? 2 : 5;
        context.progress("overhead: JMH, " + forks + " forks x (" + warmups + " warm-up + " + iterations + " measured) x 1 s, 4 benchmarks");
        Options options = new OptionsBuilder()
                .include(WireMappingBenchmark.class.getName().replace(".", "\\.") + "\\..*")
                .forks(forks)
                .warmupIterations(warmups)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xmx1g")
                .addProfiler(GCProfiler.class)
                .verbosity(VerboseMode.SILENT)
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results;
        try {
            results = new Runner(options).run();
        } catch (RunnerException e) {
            throw new IllegalStateException("JMH failed", e);
        }
        Map<String, Score> scores = new LinkedHashMap<>();
        for (RunResult result : results) {
            String method = result.getParams().getBenchmark();
            scores.put(method.substring(method.lastIndexOf('.') + 1), score(result));
        }
        MarkdownTable table = new MarkdownTable("Operation", "Implementation", "µs/op, median", "per fork, µs/op", "vs baseline",
                "allocated, B/op");
        row(table, "build + serialise a 4,096-token request", scores.get("requestPlainJackson"), scores.get("requestSail4j"));
        row(table, "parse a 1,024-token answer with logprobs", scores.get("answerPlainJackson"), scores.get("answerSail4j"));
        return new Section("4. Per-call overhead (JMH)")
                .text("JMH " + BenchVersions.JMH + ", average time per operation, " + forks + " forks x " + iterations
                        + " measured 1 s iterations after " + warmups + " warm-up iterations (-Xmx1g); the median of all measured "
                        + "iterations is shown, with each fork's median. sail4j: `TokenSampleRequest` (validated values) to request "
                        + "bytes through the HTTP adapter's wire mapping (a Jackson tree), and answer bytes to a checked "
                        + "`SampledTokens` (a Jackson tree, then every field checked, naming the one that is wrong). Baseline: "
                        + "plain Jackson " + BenchVersions.JACKSON + " `ObjectMapper` data binding of records holding the same "
                        + "fields (`int[]`, `double[]`), no checks. Allocation from JMH's GC profiler (`gc.alloc.rate.norm`).")
                .table(table);
    }

    private static void row(MarkdownTable table, String operation, Score baseline, Score sail4j) {
        table.row(operation, "plain Jackson (baseline)", MarkdownTable.fixed(baseline.medianMicros(), 1), forks(baseline), "1.00x",
                MarkdownTable.fixed(baseline.bytesPerOp(), 0));
        table.row(operation, "sail4j wire mapping", MarkdownTable.fixed(sail4j.medianMicros(), 1), forks(sail4j),
                MarkdownTable.ratio(sail4j.medianMicros() / baseline.medianMicros()), MarkdownTable.fixed(sail4j.bytesPerOp(), 0));
    }

    private static String forks(Score score) {
        return String.join(", ", score.forkMedians().stream().map(m -> MarkdownTable.fixed(m, 1)).toList());
    }

    private static Score score(RunResult result) {
        List<Double> all = new ArrayList<>();
        List<Double> forkMedians = new ArrayList<>();
        List<Double> allocation = new ArrayList<>();
        for (BenchmarkResult fork : result.getBenchmarkResults()) {
            List<Double> mine = new ArrayList<>();
            for (IterationResult iteration : fork.getIterationResults()) {
                mine.add(iteration.getPrimaryResult().getScore());
                Result<?> alloc = iteration.getSecondaryResults().get("gc.alloc.rate.norm");
                if (alloc == null) {
                    alloc = iteration.getSecondaryResults().get("\u00b7gc.alloc.rate.norm");
                }
                if (alloc != null) {
                    allocation.add(alloc.getScore());
                }
            }
            all.addAll(mine);
            forkMedians.add(Stats.median(mine));
        }
        return new Score(Stats.median(all), forkMedians, Stats.median(allocation));
    }
}
