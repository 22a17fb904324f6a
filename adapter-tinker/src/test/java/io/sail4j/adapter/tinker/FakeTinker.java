package io.sail4j.adapter.tinker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sail4j.core.tinker.TinkerPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tinker's checkpoint REST API on loopback, for tests: TTL and archive endpoints that check the API
 * key, a signed-URL download that checks the signature, scripted answers per endpoint (503 while
 * building, errors, slow answers held on a latch), and a log of every request in arrival order.
 */
final class FakeTinker implements AutoCloseable {
    static final String API_KEY = "tml-fake-key-0123456789";
    static final String SIGNATURE = "sig-SECRET-4f9a";
    static final Instant EXPIRES = Instant.parse("2031-05-06T07:08:09Z");

    /** One request as the server saw it. */
    record Seen(String method, String path, String apiKey, String accept, String body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** A scripted answer. */
    @FunctionalInterface
    interface Answer {
        void send(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Path> archives = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicInteger downloads = new AtomicInteger();
    private final Set<String> downloaded = ConcurrentHashMap.newKeySet();

    FakeTinker() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/services/tinker-prod/api/v1/training_runs/", this::api);
        server.createContext("/signed/", this::download);
        server.setExecutor(threads);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/services/tinker-prod");
    }

    /** A checkpoint whose archive is served, signed, from this server. */
    FakeTinker checkpoint(TinkerPath path, Path archive) {
        archives.put(path.toString(), archive);
        return this;
    }

    /** A known checkpoint with no archive body (for tests that only resolve the URL). */
    FakeTinker checkpoint(TinkerPath path) {
        archives.put(path.toString(), Path.of("missing-archive"));
        return this;
    }

    /** The signed URL this server hands out for {@code path}. */
    URI signedUrl(TinkerPath path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/signed/" + path.runId() + "/"
                + path.name() + ".tar.gz?X-Signature=" + SIGNATURE + "&expires=1");
    }

    /** Answers the next request for {@code path}'s archive with {@code answers}, in order, then as usual. */
    FakeTinker onArchive(TinkerPath path, Answer... answers) {
        script("GET " + apiPath(path, "archive"), answers);
        return this;
    }

    FakeTinker onTtl(TinkerPath path, Answer... answers) {
        script("PUT " + apiPath(path, "ttl"), answers);
        return this;
    }

    private void script(String key, Answer... answers) {
        scripts.computeIfAbsent(key, k -> new ArrayDeque<>()).addAll(List.of(answers));
    }

    List<Seen> requests() {
        return List.copyOf(seen);
    }

    /** Archives downloaded with a valid signature. */
    int downloads() {
        return downloads.get();
    }

    /** The checkpoints whose archives were downloaded with a valid signature. */
    Set<String> downloaded() {
        return Set.copyOf(downloaded);
    }

    long archiveRequests() {
        return seen.stream().filter(s -> s.path().endsWith("/archive")).count();
    }

    static String apiPath(TinkerPath path, String leaf) {
        return "/services/tinker-prod/api/v1/training_runs/" + path.runId() + "/checkpoints/" + path.checkpointId() + "/" + leaf;
    }

    // ---- answers ----

    /** The answer Tinker gives today: 302 to the signed URL, expiry in {@code Expires} (null: no header). */
    Answer redirect(TinkerPath path, String expiresHeader) {
        return exchange -> {
            exchange.getResponseHeaders().set("Location", signedUrl(path).toString());
            if (expiresHeader != null) {
                exchange.getResponseHeaders().set("Expires", expiresHeader);
            }
            exchange.sendResponseHeaders(302, -1);
        };
    }

    static String rfc1123(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    static Answer json(int status, String body) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("x-request-id", "req-fake-1");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    static Answer status(int status) {
        return exchange -> exchange.sendResponseHeaders(status, -1);
    }

    static Answer stillBuilding() {
        return json(503, "{\"detail\":\"Archive is being built, retry later\"}");
    }

    /** Signals {@code arrived}, holds the answer until {@code release} (or the server closes), then answers. */
    Answer held(CountDownLatch arrived, CountDownLatch release, Answer then) {
        return exchange -> {
            arrived.countDown();
            try {
                while (!release.await(50, TimeUnit.MILLISECONDS)) {
                    if (closing.getCount() == 0) {
                        exchange.close();
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            then.send(exchange);
        };
    }

    // ---- handlers ----

    private void api(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            seen.add(new Seen(method, path, exchange.getRequestHeaders().getFirst("X-API-Key"),
                    exchange.getRequestHeaders().getFirst("Accept"), body));
            if (!API_KEY.equals(exchange.getRequestHeaders().getFirst("X-API-Key"))) {
                json(401, "{\"detail\":\"Invalid API key\"}").send(exchange);
                return;
            }
            Deque<Answer> script = scripts.get(method + " " + path);
            Answer scripted;
            synchronized (this) {
                scripted = script == null ? null : script.poll();
            }
            if (scripted != null) {
                scripted.send(exchange);
                return;
            }
            TinkerPath checkpoint = checkpointOf(path);
            if (checkpoint == null || !archives.containsKey(checkpoint.toString())) {
                json(404, "{\"detail\":\"Checkpoint not found: " + (checkpoint == null ? path : checkpoint) + "\"}").send(exchange);
                return;
            }
            if (method.equals("PUT") && path.endsWith("/ttl")) {
                json(200, "{}").send(exchange);
            } else if (method.equals("GET") && path.endsWith("/archive")) {
                redirect(checkpoint, rfc1123(EXPIRES)).send(exchange);
            } else {
                json(405, "{\"detail\":\"Method not allowed\"}").send(exchange);
            }
        }
    }

    private static TinkerPath checkpointOf(String path) {
        String prefix = "/services/tinker-prod/api/v1/training_runs/";
        if (!path.startsWith(prefix)) {
            return null;
        }
        String[] parts = path.substring(prefix.length()).split("/");
        if (parts.length != 5 || !parts[1].equals("checkpoints")) {
            return null;
        }
        try {
            return TinkerPath.parse(TinkerPath.SCHEME + parts[0] + "/" + parts[2] + "/" + parts[3]);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void download(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            String[] parts = exchange.getRequestURI().getRawPath().split("/");
            if (query == null || !query.contains("X-Signature=" + SIGNATURE) || parts.length != 4) {
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            String name = parts[3].replaceFirst("\\.tar\\.gz$", "");
            Path archive = archives.get(TinkerPath.SCHEME + parts[2] + "/sampler_weights/" + name);
            if (archive == null || !Files.isRegularFile(archive)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            downloads.incrementAndGet();
            downloaded.add(TinkerPath.SCHEME + parts[2] + "/sampler_weights/" + name);
            exchange.getResponseHeaders().set("Content-Type", "application/gzip");
            exchange.sendResponseHeaders(200, Files.size(archive));
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(archive, out);
            }
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
