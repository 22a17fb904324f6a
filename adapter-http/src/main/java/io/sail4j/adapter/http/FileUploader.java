package io.sail4j.adapter.http;

import dev.failsafe.ExecutionContext;
import dev.failsafe.Failsafe;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.SailException;
import io.sail4j.core.error.SailTimeoutException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.rules.FileRules;
import io.sail4j.ports.out.FileUpload;
import io.sail4j.ports.out.ProgressListener;
import io.sail4j.ports.out.StoredFile;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.entity.mime.PathBody;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multipart uploads to {@code POST /v1/files} on the classic (blocking) client, because HttpClient 5
 * has no async multipart producer. The file is streamed from disk with a real Content-Length, so
 * memory stays flat whatever its size; the work runs on a small dedicated pool so callers get a
 * future at once. A transfer is bounded by stalls, not by its total time: a watchdog aborts it when
 * no byte has moved for the stall timeout (a blocked socket write ignores SO_TIMEOUT, so the socket
 * timeout alone would not do). A retry re-sends the whole file with the same idempotency key.
 */
final class FileUploader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileUploader.class);
    private static final int CHUNK = 64 * 1024;

    private final HttpBackendConfig config;
    private final CloseableHttpClient client;
    private final ExecutorService uploads;
    private final ScheduledExecutorService workers;
    private final RetryRules retries;
    private final Clock clock;

    FileUploader(HttpBackendConfig config, ExecutorService uploads, ScheduledExecutorService workers,
                 RetryRules retries, Clock clock) {
        this.config = config;
        this.uploads = uploads;
        this.workers = workers;
        this.retries = retries;
        this.clock = clock;
        Timeout stall = Timeout.of(config.uploadStallTimeout());
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(Math.max(2, config.uploadThreads()))
                        .setMaxConnPerRoute(Math.max(2, config.uploadThreads()))
                        .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(stall).setTcpNoDelay(true).build())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(config.connectTimeout()))
                                .setSocketTimeout(stall)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(stall)
                        .setRedirectsEnabled(false)
                        .setExpectContinueEnabled(false)
                        .build())
                .setUserAgent(JsonTransport.USER_AGENT)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .build();
    }

    /** Checks the file, then uploads it on the upload pool; {@code key} is reused by every attempt. */
    CompletableFuture<StoredFile> upload(FileUpload upload, String key) {
        long size = checkedSize(upload.path());
        String what = "POST " + config.baseUrl().getRawPath() + SailWire.FILES;
        return Failsafe.with(retries.<StoredFile>policy(what + " (" + upload.filename() + ")")).with(uploads)
                .getAsync(context -> attempt(upload, key, size, what, context));
    }

    /** The file's size, refusing what cannot be sent before the first byte goes out. */
    static long checkedSize(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new InvalidRequestException(Violation.of("file", "must be an existing regular file", path));
        }
        if (!Files.isReadable(path)) {
            throw new InvalidRequestException(Violation.of("file", "must be readable", path));
        }
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new InvalidRequestException(Violation.of("file", "must be readable: " + e.getMessage(), path));
        }
        FileRules.checkSize("file", size).orThrow();
        return size;
    }

    private StoredFile attempt(FileUpload upload, String key, long size, String what, ExecutionContext<StoredFile> context)
            throws Exception {
        boolean isRetry = context.isRetry();
        HttpPost post = new HttpPost(config.baseUrl() + SailWire.FILES);
        post.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + config.apiKey());
        post.setHeader(HttpHeaders.ACCEPT, "application/json");
        post.setHeader(SailWire.HEADER_IDEMPOTENCY_KEY, key);
        Progress progress = new Progress(size, upload.progress());
        HttpEntity entity = MultipartEntityBuilder.create()
                .setMode(HttpMultipartMode.EXTENDED)
                .addTextBody(SailWire.PART_PURPOSE, upload.purpose(), ContentType.TEXT_PLAIN)
                .addPart(SailWire.PART_FILE, new CountingPathBody(upload.path(), upload.filename(), progress))
                .build();
        post.setEntity(entity);
        AtomicBoolean stalled = new AtomicBoolean();
        context.onCancel(post::cancel);
        long stallNanos = config.uploadStallTimeout().toNanos();
        long period = Math.max(10, Math.min(1000, config.uploadStallTimeout().toMillis() / 4));
        ScheduledFuture<?> watchdog = workers.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - progress.lastMoved() > stallNanos && stalled.compareAndSet(false, true)) {
                post.cancel();
            }
        }, period, period, TimeUnit.MILLISECONDS);
        long started = System.nanoTime();
        LOG.debug("{} attempt {}: {} ({} bytes, multipart {} bytes)", what, context.getAttemptCount() + 1,
                upload.filename(), size, entity.getContentLength());
        try {
            Answer answer = client.execute(post, response -> read(what, response));
            progress.touch();
            LOG.debug("{} -> {} (request {}, {} ms, {} of {} bytes sent)", what, answer.status(), answer.requestId(),
                    (System.nanoTime() - started) / 1_000_000, progress.sent(), size);
            if (!answer.isSuccess()) {
                throw Failures.fromAnswer(answer, isRetry, config.apiKey(), clock);
            }
            // An answer that cannot be read fails here, not as a transport error that would send the file again.
            return JsonTransport.read(answer, SailWire::storedFile, config.apiKey());
        } catch (SailException e) {
            throw e;
        } catch (Exception e) {
            if (stalled.get()) {
                throw new SailTimeoutException(what + " stalled: no progress for " + seconds(config.uploadStallTimeout())
                        + " (" + progress.sent() + " of " + size + " bytes sent)", e);
            }
            if (context.isCancelled()) {
                throw new CancellationException("upload cancelled");
            }
            Throwable mapped = Failures.fromThrowable(e, what, isRetry, config.apiKey());
            if (mapped instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        } finally {
            watchdog.cancel(false);
        }
    }

    private Answer read(String what, ClassicHttpResponse response) throws IOException {
        byte[] body = new byte[0];
        HttpEntity entity = response.getEntity();
        if (entity != null) {
            if (entity.getContentLength() > config.maxResponseBytes()) {
                throw new Failures.BodyTooLargeException(config.maxResponseBytes());
            }
            try (InputStream in = entity.getContent()) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                byte[] chunk = new byte[8192];
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    if (buffer.size() + (long) n > config.maxResponseBytes()) {
                        throw new Failures.BodyTooLargeException(config.maxResponseBytes());
                    }
                    buffer.write(chunk, 0, n);
                }
                body = buffer.toByteArray();
            }
        }
        return new Answer(what, response.getCode(), body, header(response, SailWire.HEADER_REQUEST_ID),
                header(response, SailWire.HEADER_RETRY_AFTER));
    }

    private static String header(ClassicHttpResponse response, String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
    }

    /** Bytes of the file sent in this attempt, and when they last moved. */
    private static final class Progress {
        private final long total;
        private final ProgressListener listener;
        private final AtomicLong sent = new AtomicLong();
        private volatile long lastMoved = System.nanoTime();

        Progress(long total, ProgressListener listener) {
            this.total = total;
            this.listener = listener;
        }

        void add(int bytes) {
            long now = sent.addAndGet(bytes);
            lastMoved = System.nanoTime();
            try {
                listener.onProgress(now, total);
            } catch (RuntimeException e) {
                LOG.debug("progress listener threw; ignored", e);
            }
        }

        void touch() {
            lastMoved = System.nanoTime();
        }

        long sent() {
            return sent.get();
        }

        long lastMoved() {
            return lastMoved;
        }
    }

    /** The file part, read in chunks from disk and counted as it goes out. */
    private static final class CountingPathBody extends PathBody {
        private final Progress progress;

        CountingPathBody(Path path, String filename, Progress progress) {
            super(path, ContentType.APPLICATION_OCTET_STREAM, filename);
            this.progress = progress;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            OutputStream counted = new FilterOutputStream(out) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    out.write(bytes, offset, length);
                    progress.add(length);
                }
            };
            try (InputStream in = Files.newInputStream(getPath())) {
                byte[] chunk = new byte[CHUNK];
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    counted.write(chunk, 0, n);
                }
            }
            counted.flush();
        }
    }
}
