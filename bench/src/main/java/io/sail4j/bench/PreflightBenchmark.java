package io.sail4j.bench;

import io.sail4j.core.safetensors.DType;
import io.sail4j.ports.local.SyntheticAdapter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 3: preflight ({@code LocalAdapter.read(dir).checkFor(model)}) of a full-size sparse
 * Kimi-K2.6 export (every linear module of every layer and expert, rank 32, F32: ~82 GB on paper)
 * against a ~10 MiB adapter. Only the safetensors header is read, so time and bytes read follow the
 * header's size (its tensor count), not the file's.
 */
final class PreflightBenchmark {
    static final int WARM_REPEATS = 5;

    record Adapter(String label, Path directory) {
    }

    record Run(double coldMs, double warmMs, long bytesRead, long syscallBytesRead, long tensors, long headerBytes,
               long fileBytes, long peakRssKib) {
    }

    private final BenchContext context;

    PreflightBenchmark(BenchContext context) {
        this.context = context;
    }

    Section run() {
        context.progress("preflight: writing the adapters");
        Path small = context.workDir().resolve("preflight-small");
        SyntheticAdapter.kimi().rank(32).layers(1, 2, 3, 4, 5).writeTo(small);
        Path full = context.workDir().resolve("preflight-full-export");
        SyntheticAdapter fullExport = context.quick()
                ? SyntheticAdapter.kimi().fullExport().layers(0, 1, 2, 3).dtype(DType.F32).sparse(true)
                : SyntheticAdapter.kimi().fullExport().dtype(DType.F32).sparse(true);
        fullExport.writeTo(full);
        List<Adapter> adapters = List.of(new Adapter("~10 MiB adapter (baseline)", small),
                new Adapter(context.quick() ? "4-layer sparse export" : "full-size sparse export", full));
        List<List<Run>> runs = new ArrayList<>();
        for (Adapter adapter : adapters) {
            List<Run> mine = new ArrayList<>();
            for (int i = 1; i <= context.runs(); i++) {
                context.progress("preflight " + i + "/" + context.runs() + ": " + adapter.label());
                mine.add(once(adapter, "preflight-" + adapter.directory().getFileName() + "-" + i));
            }
            runs.add(mine);
        }
        return report(adapters, runs);
    }

    private Run once(Adapter adapter, String name) {
        try (ForkedJvm probe = ForkedJvm.start(name, context.log(name), List.of(), PreflightProbe.class,
                List.of(adapter.directory().toString(), Integer.toString(WARM_REPEATS)))) {
            Map<String, Object> r = probe.result(Duration.ofMinutes(5));
            return new Run(num(r, "coldMs"), num(r, "warmMs"), (long) num(r, "bytesRead"), (long) num(r, "syscallBytesRead"),
                    (long) num(r, "tensors"), (long) num(r, "headerBytes"), (long) num(r, "fileBytes"), (long) num(r, "peakRssKib"));
        }
    }

    private static double num(Map<String, Object> result, String key) {
        return ((Number) result.get(key)).doubleValue();
    }

    private Section report(List<Adapter> adapters, List<List<Run>> runs) {
        MarkdownTable table = new MarkdownTable("Adapter", "files on paper", "tensors", "header", "bytes read (LocalAdapter)",
                "bytes read (read calls, warm)", "first check, ms", "vs baseline", "warm check, ms", "vs baseline", "peak RSS");
        double baseCold = Stats.median(runs.get(0).stream().map(Run::coldMs).toList());
        double baseWarm = Stats.median(runs.get(0).stream().map(Run::warmMs).toList());
        for (int i = 0; i < adapters.size(); i++) {
            List<Run> mine = runs.get(i);
            Run first = mine.get(0);
            double cold = Stats.median(mine.stream().map(Run::coldMs).toList());
            double warm = Stats.median(mine.stream().map(Run::warmMs).toList());
            table.row(adapters.get(i).label(), String.format("%,d B", first.fileBytes()), String.format("%,d", first.tensors()),
                    MarkdownTable.bytes(first.headerBytes()), MarkdownTable.bytes(first.bytesRead()),
                    MarkdownTable.bytes((long) Stats.median(mine.stream().map(Run::syscallBytesRead).toList())),
                    MarkdownTable.fixed(cold, 0), MarkdownTable.ratio(cold / baseCold),
                    MarkdownTable.fixed(warm, 0), MarkdownTable.ratio(warm / baseWarm),
                    MarkdownTable.mib(Stats.median(mine.stream().map(Run::peakRssKib).toList()) * 1024));
        }
        return new Section("3. Preflight")
                .text("`LocalAdapter.read(dir).checkFor(Kimi-K2.6)`: parse `adapter_config.json`, read only the safetensors "
                        + "header, check every tensor's dtype, shape and offsets and every `lora_A`/`lora_B` shape against the "
                        + "model. The full-size export is sparse (its tensor bytes are a hole on disk) but 82 GB to every read "
                        + "call. Each check runs in a fresh JVM: the first check (cold, JIT warm-up included, as for a CLI user) "
                        + "and the median of " + WARM_REPEATS + " more in the same JVM (warm); " + context.runs() + " JVMs per "
                        + "adapter, medians shown. \"Bytes read (read calls)\" is the change in `rchar` of `/proc/self/io` "
                        + "across the second check (the first also reads classes from jars): every byte the process asked "
                        + "the kernel for.")
                .table(table)
                .text(String.format(java.util.Locale.ROOT, "Time and bytes read follow the header (its tensor count), not the "
                        + "file: the export is %,dx the baseline's size on paper, its header %,dx the baseline's.",
                        Math.round((double) runs.get(1).get(0).fileBytes() / runs.get(0).get(0).fileBytes()),
                        Math.round((double) runs.get(1).get(0).headerBytes() / runs.get(0).get(0).headerBytes())));
    }
}
