package io.sail4j.bench;

import io.sail4j.adapter.http.HttpSailBackend;
import io.sail4j.application.Sail;
import io.sail4j.ports.out.FileUpload;
import io.sail4j.ports.out.StoredFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One upload through sail4j ({@code Sail.files().upload}) over the HTTP adapter, in a JVM of its own
 * so its peak resident memory ({@code VmHWM}) is the client's alone.
 * <pre>UploadProbe &lt;base-url&gt; &lt;api-key&gt; &lt;file&gt;</pre>
 */
public final class UploadProbe {
    private UploadProbe() {
    }

    public static void main(String[] args) {
        String baseUrl = args[0];
        String apiKey = args[1];
        Path file = Path.of(args[2]);
        try (Sail sail = Sail.over(HttpSailBackend.builder().apiKey(apiKey).baseUrl(baseUrl).build())) {
            long rssBefore = ProcStatus.peakRssKibOfSelf();
            Probes.readyThenWait();
            long start = System.nanoTime();
            StoredFile stored = sail.files().upload(FileUpload.lora(file)).join();
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("bytes", stored.bytes());
            result.put("seconds", seconds);
            result.put("rssBeforeKib", rssBefore);
            result.put("peakRssKib", ProcStatus.peakRssKibOfSelf());
            result.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
            Probes.emit(result);
        }
    }
}
