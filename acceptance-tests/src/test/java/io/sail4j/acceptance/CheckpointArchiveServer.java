package io.sail4j.acceptance;

import com.sun.net.httpserver.HttpServer;
import io.sail4j.core.tinker.SignedCheckpointUrl;
import io.sail4j.core.tinker.TinkerPath;
import io.sail4j.ports.local.SyntheticAdapter;
import io.sail4j.ports.out.CheckpointUrlSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tinker's side of a checkpoint on loopback: serves a real adapter archive at signed URLs
 * ({@code ?sig=N}) and, as a {@link CheckpointUrlSource}, hands out a fresh signature on every call.
 * A revoked signature answers 403, as an expired signed URL does.
 */
final class CheckpointArchiveServer implements CheckpointUrlSource, AutoCloseable {
    private final HttpServer server;
    private final Clock clock;
    private final Duration lifetime;
    private final AtomicInteger signatures = new AtomicInteger();
    private final Set<Integer> revoked = ConcurrentHashMap.newKeySet();
    private volatile int revokedFrom = Integer.MAX_VALUE;
    final List<TinkerPath> resolved = new CopyOnWriteArrayList<>();

    CheckpointArchiveServer(Path workDir, Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
        byte[] archive;
        try {
            archive = Files.readAllBytes(SyntheticAdapter.kimi().writeArchive(workDir.resolve("checkpoint.tar.gz"), true));
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/archives/", exchange -> {
            String query = String.valueOf(exchange.getRequestURI().getQuery());
            int signature = query.startsWith("sig=") ? Integer.parseInt(query.substring(4)) : -1;
            boolean refused = signature < 0 || revoked.contains(signature) || signature >= revokedFrom;
            byte[] body = refused ? "expired".getBytes() : archive;
            exchange.sendResponseHeaders(refused ? 403 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @Override
    public CompletableFuture<SignedCheckpointUrl> signedUrl(TinkerPath path, Optional<Duration> ttl) {
        resolved.add(path);
        int signature = signatures.incrementAndGet();
        return CompletableFuture.completedFuture(SignedCheckpointUrl.of("http://127.0.0.1:" + server.getAddress().getPort()
                + "/archives/" + path.name() + ".tar.gz?sig=" + signature, clock.instant().plus(lifetime)));
    }

    /** Signature {@code n} (the n-th URL handed out, from 1) answers 403. */
    void revoke(int n) {
        revoked.add(n);
    }

    /** Every URL handed out from the {@code n}-th on answers 403. */
    void revokeFrom(int n) {
        revokedFrom = n;
    }

    int urlsHandedOut() {
        return signatures.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
