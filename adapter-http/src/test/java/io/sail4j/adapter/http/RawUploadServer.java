package io.sail4j.adapter.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A bare-socket {@code POST /v1/files} server for upload faults the JDK server cannot stage: a reset
 * in the middle of the body, a peer that stops reading, a slow reader. It parses just enough HTTP/1.1
 * and multipart to hash the file part as it streams past (nothing is held in memory), and honours
 * idempotency keys: a key seen before replays the stored file instead of registering it again.
 */
final class RawUploadServer implements AutoCloseable {

    /** What one connection (attempt) does with the upload. */
    sealed interface Behaviour {
    }

    /** Reads the whole body and answers. */
    record Accept() implements Behaviour {
    }

    /** Reads {@code bytes} of the body, then resets the connection (RST). */
    record ResetAfter(long bytes) implements Behaviour {
    }

    /** Reads {@code bytes} of the body, then stops reading and never answers. */
    record StallAfter(long bytes) implements Behaviour {
    }

    /** Reads {@code chunk} bytes every {@code pauseMillis}, then answers. */
    record Slow(int chunk, long pauseMillis) implements Behaviour {
    }

    /** A file the server registered. */
    record Registered(String id, String key, long bytes, String sha256, String filename) {
    }

    /** What one attempt looked like from the server. */
    record Attempt(String idempotencyKey, String authorization, long contentLength, String transferEncoding) {
    }

    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final IntFunction<Behaviour> script;
    private final boolean hash;
    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);
    final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    final List<Registered> registered = new CopyOnWriteArrayList<>();
    private final Map<String, Registered> byKey = new ConcurrentHashMap<>();

    /** @param script the behaviour of attempt n (1-based) */
    RawUploadServer(IntFunction<Behaviour> script, boolean hash, int receiveBuffer) throws IOException {
        this.script = script;
        this.hash = hash;
        socket = new ServerSocket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        threads.execute(this::acceptLoop);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                int attempt = connections.incrementAndGet();
                threads.execute(() -> serve(client, script.apply(attempt)));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client, Behaviour behaviour) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream(), 64 * 1024);
            Map<String, String> headers = readHead(in);
            long length = Long.parseLong(headers.getOrDefault("content-length", "-1"));
            String key = headers.get("idempotency-key");
            attempts.add(new Attempt(key, headers.get("authorization"), length, headers.get("transfer-encoding")));
            String boundary = headers.getOrDefault("content-type", "").replaceAll(".*boundary=\"?([^\";]+)\"?.*", "$1");
            if (behaviour instanceof ResetAfter reset) {
                skip(in, reset.bytes(), 0, 0);
                client.setSoLinger(true, 0);
            } else if (behaviour instanceof StallAfter stall) {
                skip(in, stall.bytes(), 0, 0);
                closing.await(60, TimeUnit.SECONDS);
            } else if (behaviour instanceof Slow slow) {
                answer(client, in, length, boundary, key, slow.chunk(), slow.pauseMillis());
            } else {
                answer(client, in, length, boundary, key, 0, 0);
            }
        } catch (IOException | InterruptedException e) {
            // The client went away; that is what several tests stage.
        }
    }

    private void answer(Socket client, InputStream in, long length, String boundary, String key, int chunk, long pause)
            throws IOException, InterruptedException {
        // Prefix: the purpose part and the file part's headers, up to the blank line before the bytes.
        ByteArrayOutputStream prefix = new ByteArrayOutputStream();
        String text = "";
        while (!(text.contains("name=\"file\"") && text.endsWith("\r\n\r\n"))) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("body ended in the multipart prefix");
            }
            prefix.write(b);
            text = prefix.toString(StandardCharsets.ISO_8859_1);
        }
        String filename = text.replaceAll("(?s).*name=\"file\"; filename=\"([^\"]*)\".*", "$1");
        String trailer = "\r\n--" + boundary + "--\r\n";
        long fileBytes = length - prefix.size() - trailer.length();
        MessageDigest sha = sha256();
        skip(in, fileBytes, chunk, pause, hash ? sha : null);
        byte[] end = in.readNBytes(trailer.length());
        if (!new String(end, StandardCharsets.ISO_8859_1).equals(trailer)) {
            throw new IOException("multipart trailer missing");
        }
        Registered file = key == null ? null : byKey.get(key);
        if (file == null) {
            file = new Registered("file-" + (registered.size() + 1), key, fileBytes,
                    hash ? HexFormat.of().formatHex(sha.digest()) : null, filename);
            registered.add(file);
            if (key != null) {
                byKey.put(key, file);
            }
        }
        byte[] body = ("{\"id\":\"" + file.id() + "\",\"object\":\"file\",\"bytes\":" + file.bytes()
                + ",\"created_at\":1767225600,\"filename\":\"" + file.filename() + "\",\"purpose\":\"lora\"}")
                .getBytes(StandardCharsets.UTF_8);
        OutputStream out = client.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nx-request-id: req_upload_" + file.id()
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static void skip(InputStream in, long bytes, int chunk, long pause) throws IOException, InterruptedException {
        skip(in, bytes, chunk, pause, null);
    }

    private static void skip(InputStream in, long bytes, int chunk, long pause, MessageDigest sha)
            throws IOException, InterruptedException {
        byte[] buffer = new byte[chunk > 0 ? chunk : 256 * 1024];
        long left = bytes;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("body ended early");
            }
            if (sha != null) {
                sha.update(buffer, 0, n);
            }
            left -= n;
            if (pause > 0) {
                // Simulates a slow link; the client's behaviour under it is what the test observes.
                Thread.sleep(pause);
            }
        }
    }

    private static Map<String, String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the request head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        Map<String, String> headers = new ConcurrentHashMap<>();
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return headers;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        closing.countDown();
        socket.close();
        threads.shutdownNow();
    }
}
