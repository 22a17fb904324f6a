package io.sail4j.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for Sail on loopback that answers each route with whatever a test sets, bad bodies
 * included: for checking what the client makes of answers the real service should never give.
 * Routes not set answer 404 in Sail's error shape.
 */
final class AnswerServer implements AutoCloseable {
    /** An answer: status, body bytes, extra headers, and whether to send it chunked (no Content-Length). */
    record Answer(int status, byte[] body, Map<String, String> headers, boolean chunked) {
        static Answer json(int status, String body) {
            return new Answer(status, body.getBytes(StandardCharsets.UTF_8), Map.of(), false);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "answer-server");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    AnswerServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    /** Answers requests whose method and path start with {@code route} (e.g. {@code "GET /v1/loras/"}). */
    void on(String route, Answer answer) {
        answers.put(route, answer);
    }

    void clear() {
        answers.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            body.transferTo(OutputStream.nullOutputStream());
        }
        String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
        Answer answer = answers.entrySet().stream().filter(e -> request.startsWith(e.getKey()))
                .max(Map.Entry.comparingByKey((a, b) -> Integer.compare(a.length(), b.length())))
                .map(Map.Entry::getValue)
                .orElse(Answer.json(404, "{\"error\":{\"message\":\"no such route\",\"type\":\"not_found_error\"}}"));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-request-id", "req_answer_server");
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        long length = answer.body().length == 0 ? -1 : answer.chunked() ? 0 : answer.body().length;
        exchange.sendResponseHeaders(answer.status(), length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        } catch (IOException clientLeft) {
            // the client stops reading an answer over its cap; nothing to do
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
