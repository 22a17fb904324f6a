package io.sail4j.adapter.http;

import dev.failsafe.Failsafe;
import io.sail4j.core.error.InvalidAnswerException;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.SailException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON calls to Sail on HttpClient 5's non-blocking client: HTTP/2 when the server offers it over
 * TLS (ALPN), HTTP/1.1 otherwise; a pool sized for thousands of concurrent calls; no thread held per
 * call. HttpClient's own retries and redirects are off: {@link RetryRules} is the only retry layer.
 * Answers are read into memory up to a cap and handed on to the worker pool, never parsed on the
 * I/O threads.
 */
final class JsonTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JsonTransport.class);
    static final String USER_AGENT = "sail4j/0.1.0";

    /** One HTTP call: method, path below the base URL (query included), JSON body, idempotency key. */
    record Call(String method, String path, byte[] body, String idempotencyKey) {
        static Call get(String path) {
            return new Call("GET", path, null, null);
        }

        static Call delete(String path) {
            return new Call("DELETE", path, null, null);
        }
    }

    private final HttpBackendConfig config;
    private final CloseableHttpAsyncClient client;
    private final PoolingAsyncClientConnectionManager pool;
    private final ScheduledExecutorService workers;
    private final RetryRules retries;
    private final Clock clock;
    private final String basePath;
    private final java.util.Set<Future<?>> exchanges = java.util.concurrent.ConcurrentHashMap.newKeySet();

    JsonTransport(HttpBackendConfig config, ScheduledExecutorService workers, RetryRules retries, Clock clock,
                  java.util.concurrent.ThreadFactory ioThreads) {
        this.config = config;
        this.workers = workers;
        this.retries = retries;
        this.clock = clock;
        this.basePath = config.baseUrl().getRawPath() == null ? "" : config.baseUrl().getRawPath();
        this.pool = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(config.maxConnections())
                .setMaxConnPerRoute(config.maxConnectionsPerRoute())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(config.connectTimeout()))
                        .setSocketTimeout(Timeout.of(config.responseTimeout()))
                        .build())
                .setDefaultTlsConfig(TlsConfig.custom()
                        .setVersionPolicy(HttpVersionPolicy.NEGOTIATE)
                        .setHandshakeTimeout(Timeout.of(config.connectTimeout()))
                        .build())
                .build();
        this.client = HttpAsyncClients.custom()
                .setConnectionManager(pool)
                .setIOReactorConfig(IOReactorConfig.custom()
                        .setIoThreadCount(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())))
                        .setSoKeepAlive(true)
                        .setTcpNoDelay(true)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(config.responseTimeout()))
                        .setConnectionRequestTimeout(Timeout.of(config.responseTimeout()))
                        .setRedirectsEnabled(false)
                        .build())
                .setThreadFactory(ioThreads)
                .setUserAgent(USER_AGENT)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
        client.start();
    }

    /**
     * {@code call} with the retry policies; {@code reader} turns a 2xx answer into the result. An
     * attempt counts as retried (an earlier one may have reached Sail) only after an attempt that was sent.
     */
    <T> CompletableFuture<T> withRetries(Call call, Function<Answer, T> reader) {
        String what = what(call);
        AtomicBoolean sentBefore = new AtomicBoolean();
        return Failsafe.with(retries.<T>policy(what), retries.<T>notSentPolicy(what)).with(workers)
                .getStageAsync(context -> once(call, sentBefore.get(), reader).whenComplete((value, failure) -> {
                    if (failure != null && !Failures.wasNotSent(failure)) {
                        sentBefore.set(true);
                    }
                }));
    }

    /**
     * One attempt. Error answers complete the future with the {@code SailException} for their status;
     * cancelling the future cancels the exchange.
     */
    <T> CompletableFuture<T> once(Call call, boolean isRetry, Function<Answer, T> reader) {
        String what = what(call);
        CompletableFuture<T> result = new CompletableFuture<>();
        BasicHttpRequest request = new BasicHttpRequest(call.method(), URI.create(config.baseUrl() + call.path()));
        request.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + config.apiKey());
        request.setHeader(HttpHeaders.ACCEPT, "application/json");
        if (call.idempotencyKey() != null) {
            request.setHeader(SailWire.HEADER_IDEMPOTENCY_KEY, call.idempotencyKey());
        }
        AsyncEntityProducer entity = call.body() == null ? null
                : AsyncEntityProducers.create(call.body(), ContentType.APPLICATION_JSON);
        long started = System.nanoTime();
        Future<Answer> exchange;
        try {
            exchange = client.execute(new BasicRequestProducer(request, entity),
                    new CappedAnswer(what, config.maxResponseBytes()), null, HttpClientContext.create(),
                    new FutureCallback<>() {
                        @Override
                        public void completed(Answer answer) {
                            onWorker(() -> finish(answer, isRetry, reader, result, started));
                        }

                        @Override
                        public void failed(Exception failure) {
                            onWorker(() -> {
                                LOG.debug("{} failed after {} ms: {}", what, millisSince(started),
                                        Redaction.scrub(String.valueOf(failure.getMessage()), config.apiKey()));
                                result.completeExceptionally(Failures.fromThrowable(failure, what, isRetry, config.apiKey()));
                            });
                        }

                        @Override
                        public void cancelled() {
                            result.cancel(false);
                        }
                    });
        } catch (RuntimeException e) {
            result.completeExceptionally(Failures.fromThrowable(e, what, isRetry, config.apiKey()));
            return result;
        }
        exchanges.add(exchange);
        result.whenComplete((ignored, failure) -> {
            exchanges.remove(exchange);
            if (!exchange.isDone()) {
                exchange.cancel(true);
            }
        });
        return result;
    }

    private <T> void finish(Answer answer, boolean isRetry, Function<Answer, T> reader, CompletableFuture<T> result,
                            long started) {
        LOG.debug("{} -> {} (request {}, {} ms, {} bytes)", answer.what(), answer.status(), answer.requestId(),
                millisSince(started), answer.body().length);
        if (!answer.isSuccess()) {
            result.completeExceptionally(Failures.fromAnswer(answer, isRetry, config.apiKey(), clock));
            return;
        }
        try {
            result.complete(read(answer, reader, config.apiKey()));
        } catch (SailException e) {
            result.completeExceptionally(e);
        }
    }

    /**
     * A 2xx answer through {@code reader}. What the reader cannot take is the answer's fault, never
     * the request's and never worth a retry: {@link InvalidAnswerException}, whatever the reader threw.
     */
    static <T> T read(Answer answer, Function<Answer, T> reader, String apiKey) {
        try {
            return reader.apply(answer);
        } catch (InvalidRequestException e) {
            // A domain value refused what Sail sent: the answer is at fault, not the request.
            throw new InvalidAnswerException(answer.what() + " answered with a value sail4j cannot accept: "
                    + Redaction.scrub(e.getMessage(), apiKey), e);
        } catch (SailException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidAnswerException(answer.what() + " answered with a body sail4j cannot read: "
                    + Redaction.scrub(e.getMessage(), apiKey), e);
        }
    }

    private void onWorker(Runnable task) {
        Executor executor = workers;
        try {
            executor.execute(task);
        } catch (RejectedExecutionException closing) {
            task.run();
        }
    }

    String what(Call call) {
        int query = call.path().indexOf('?');
        return call.method() + " " + basePath + (query < 0 ? call.path() : call.path().substring(0, query));
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    @Override
    public void close() {
        // Exchanges still running are cancelled and every connection dropped first: a graceful
        // shutdown would otherwise wait for them (up to HttpClient's 5 s). GRACEFUL then lets the I/O
        // reactor wind down in order, where IMMEDIATE makes it log a ClosedSelectorException.
        for (Future<?> exchange : exchanges) {
            exchange.cancel(true);
        }
        pool.close(CloseMode.IMMEDIATE);
        client.close(CloseMode.GRACEFUL);
    }

    /** Buffers an answer's body up to {@code limit} bytes; longer bodies fail the exchange unread. */
    private static final class CappedAnswer extends AbstractBinResponseConsumer<Answer> {
        private final String what;
        private final long limit;
        private HttpResponse response;
        private ByteArrayOutputStream buffer;

        CappedAnswer(String what, long limit) {
            this.what = what;
            this.limit = limit;
        }

        @Override
        protected void start(HttpResponse httpResponse, ContentType contentType) throws IOException {
            this.response = httpResponse;
            Header length = httpResponse.getFirstHeader(HttpHeaders.CONTENT_LENGTH);
            long declared = -1;
            if (length != null) {
                try {
                    declared = Long.parseLong(length.getValue().trim());
                } catch (NumberFormatException ignored) {
                    declared = -1;
                }
            }
            if (declared > limit) {
                throw new Failures.BodyTooLargeException(limit);
            }
            buffer = new ByteArrayOutputStream((int) Math.max(256, Math.min(declared, 64 * 1024)));
        }

        @Override
        protected int capacityIncrement() {
            return 64 * 1024;
        }

        @Override
        protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
            if (buffer.size() + (long) src.remaining() > limit) {
                throw new Failures.BodyTooLargeException(limit);
            }
            if (src.hasArray()) {
                buffer.write(src.array(), src.arrayOffset() + src.position(), src.remaining());
                src.position(src.limit());
            } else {
                byte[] chunk = new byte[src.remaining()];
                src.get(chunk);
                buffer.write(chunk);
            }
        }

        @Override
        protected Answer buildResult() {
            return new Answer(what, response.getCode(), buffer == null ? new byte[0] : buffer.toByteArray(),
                    header(SailWire.HEADER_REQUEST_ID), header(SailWire.HEADER_RETRY_AFTER));
        }

        private String header(String name) {
            Header header = response.getFirstHeader(name);
            return header == null ? null : header.getValue();
        }

        @Override
        public void releaseResources() {
            buffer = null;
        }
    }
}
