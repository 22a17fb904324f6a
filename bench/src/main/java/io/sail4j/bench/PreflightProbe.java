package io.sail4j.bench;

import io.sail4j.core.model.BaseModel;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.error.Findings;
import io.sail4j.ports.local.LocalAdapter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Preflight of one adapter directory ({@code LocalAdapter.read(dir).checkFor(Kimi-K2.6)}) in a fresh
 * JVM: the first check (cold), then {@code repeats} more in the same JVM (warm).
 * <pre>PreflightProbe &lt;adapter-dir&gt; &lt;repeats&gt;</pre>
 */
public final class PreflightProbe {
    private PreflightProbe() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int repeats = Integer.parseInt(args[1]);
        BaseModel kimi = ModelCatalog.builtIn().find(ModelCatalog.KIMI_K2_6).orElseThrow();
        Map<String, Object> result = new LinkedHashMap<>();
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i <= repeats; i++) {
            long readBefore = ProcStatus.bytesReadBySelf();
            long start = System.nanoTime();
            LocalAdapter adapter = LocalAdapter.read(dir);
            Findings findings = adapter.checkFor(kimi);
            double millis = (System.nanoTime() - start) / 1e6;
            long syscallBytes = ProcStatus.bytesReadBySelf() - readBefore;
            if (i == 1) {
                // the first check also reads classes from jars; the second reads only the adapter
                result.put("syscallBytesRead", syscallBytes);
            }
            if (!findings.ok()) {
                throw new IllegalStateException("the benchmark adapter should pass preflight: " + findings.errors());
            }
            if (i == 0) {
                result.put("coldMs", millis);
                result.put("bytesRead", adapter.bytesRead());
                result.put("tensors", adapter.header().orElseThrow().tensors().size());
                result.put("headerBytes", adapter.header().orElseThrow().headerLength());
                result.put("fileBytes", adapter.weightsBytes() + adapter.configBytes());
            } else {
                warm.add(millis);
            }
        }
        result.put("warmMs", Stats.median(warm));
        result.put("peakRssKib", ProcStatus.peakRssKibOfSelf());
        Probes.emit(result);
    }
}
