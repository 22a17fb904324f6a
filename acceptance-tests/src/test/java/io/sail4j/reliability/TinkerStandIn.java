package io.sail4j.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sail4j.ports.local.SyntheticAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tinker on loopback, both halves: the checkpoint REST API (TTL, and the archive endpoint answering
 * 302 to a signed URL) that checks {@code X-API-Key}, and the storage host serving the archive at
 * that signed URL only with the right signature. Refusals echo the credential they were given back,
 * as careless servers do, so the client's redaction is what keeps it out of errors and logs.
 */
final class TinkerStandIn implements AutoCloseable {
    /** Checkpoints of this run answer 401, whatever the key. */
    static final String LOCKED_RUN = "locked-run";
    /** This checkpoint's archive URL answers 403, as an expired signed URL does. */
    static final String REVOKED = "revoked-step";
    /** Tinker answers 404 for this checkpoint's archive, naming its signed URL in the message. */
    static final String GONE = "gone-step";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "tinker-stand-in");
        thread.setDaemon(true);
        return thread;
    });
    private final String apiKey;
    private final String signatureQuery;
    private final byte[] archive;
    final AtomicInteger callsWithTheKey = new AtomicInteger();
    final AtomicInteger archivesServed = new AtomicInteger();

    TinkerStandIn(Path workDir, String apiKey, String signatureQuery) {
        this.apiKey = apiKey;
        this.signatureQuery = signatureQuery;
        try {
            this.archive = Files.readAllBytes(SyntheticAdapter.kimi().writeArchive(workDir.resolve("checkpoint.tar.gz"), true));
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/api/v1/training_runs/", this::checkpoints);
        server.createContext("/archives/", this::archives);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The signed URL of a checkpoint's archive. */
    String signedUrl(String name) {
        return baseUrl() + "/archives/" + name + ".tar.gz?" + signatureQuery;
    }

    private void checkpoints(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            body.transferTo(OutputStream.nullOutputStream());
        }
        String path = exchange.getRequestURI().getPath();
        String key = String.valueOf(exchange.getRequestHeaders().getFirst("X-API-Key"));
        if (!key.equals(apiKey) || path.contains("/" + LOCKED_RUN + "/")) {
            send(exchange, 401, "{\"detail\":\"X-API-Key " + key + " may not read " + path + "\"}");
            return;
        }
        callsWithTheKey.incrementAndGet();
        if (path.endsWith("/ttl")) {
            send(exchange, 200, "{}");
            return;
        }
        String[] parts = path.split("/");
        String name = parts[parts.length - 2];
        if (name.equals(GONE)) {
            send(exchange, 404, "{\"detail\":\"the archive at " + signedUrl(GONE) + " was deleted\"}");
            return;
        }
        exchange.getResponseHeaders().set("Location", signedUrl(name));
        exchange.getResponseHeaders().set("Expires",
                DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusMinutes(15)));
        send(exchange, 302, "");
    }

    private void archives(HttpExchange exchange) throws IOException {
        String query = String.valueOf(exchange.getRequestURI().getRawQuery());
        if (!query.equals(signatureQuery) || exchange.getRequestURI().getPath().contains(REVOKED)) {
            send(exchange, 403, "<Error><Code>AccessDenied</Code><Message>Request has expired</Message><Url>"
                    + signedUrl(REVOKED) + "</Url></Error>");
            return;
        }
        archivesServed.incrementAndGet();
        exchange.sendResponseHeaders(200, archive.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(archive);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
