package io.sail4j.adapter.fake.internal;

import io.sail4j.core.tinker.SignedCheckpointUrl;
import io.sail4j.ports.local.LocalAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Downloads Tinker checkpoint archives as Sail does: GET the signed URL, read the tar, keep the
 * weights' head. Successful downloads are cached by URL; failures are not, so a fresh attempt can
 * succeed once the URL works again.
 */
public final class CheckpointCache {
    /** The weights of a downloaded checkpoint, or why there are none. */
    public record Download(FileContent weights, String failure) {
        public boolean ok() {
            return weights != null;
        }
    }

    private final HttpClient client;
    private final Duration timeout;
    private final Map<String, Download> cache = new ConcurrentHashMap<>();
    private final AtomicInteger downloads = new AtomicInteger();

    public CheckpointCache(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    public Download fetch(String url) {
        Download cached = cache.get(url);
        if (cached != null) {
            return cached;
        }
        Download fresh = download(url);
        if (fresh.ok()) {
            cache.putIfAbsent(url, fresh);
        }
        return fresh;
    }

    /** Archives actually downloaded (cache misses). */
    public int downloads() {
        return downloads.get();
    }

    private Download download(String url) {
        String shown;
        URI uri;
        try {
            uri = URI.create(url);
            shown = SignedCheckpointUrl.redact(uri);
        } catch (IllegalArgumentException e) {
            return new Download(null, "the checkpoint URL is not a URL");
        }
        downloads.incrementAndGet();
        try {
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    return new Download(null, "downloading the checkpoint archive " + shown + " answered HTTP "
                            + response.statusCode() + " (expired or revoked URL?)");
                }
                Map<String, FileContent> files = TarReader.read(body, Set.of(LocalAdapter.WEIGHTS_FILE, LocalAdapter.CONFIG_FILE));
                FileContent weights = files.get(LocalAdapter.WEIGHTS_FILE);
                if (weights == null) {
                    return new Download(null, "the checkpoint archive " + shown + " holds no " + LocalAdapter.WEIGHTS_FILE);
                }
                return new Download(weights, null);
            }
        } catch (IOException e) {
            return new Download(null, "cannot read the checkpoint archive " + shown + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Download(null, "interrupted while downloading the checkpoint archive " + shown);
        }
    }
}
