package io.sail4j.adapter.tinker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.entity.AbstractBinAsyncEntityConsumer;
import org.apache.hc.core5.http.nio.support.AbstractAsyncResponseConsumer;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Buffers a response body up to a limit. Tinker's answers are a redirect or a small JSON object; a
 * server that streams the archive itself must fail the call, not fill the heap.
 */
final class BoundedResponseConsumer extends AbstractAsyncResponseConsumer<SimpleHttpResponse, byte[]> {

    BoundedResponseConsumer(int maxBytes) {
        super(new BoundedBytes(maxBytes));
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {
        // 1xx answers carry nothing this adapter reads.
    }

    @Override
    protected SimpleHttpResponse buildResult(HttpResponse response, byte[] entity, ContentType contentType) {
        SimpleHttpResponse result = SimpleHttpResponse.copy(response);
        if (entity != null) {
            result.setBody(entity, contentType);
        }
        return result;
    }

    /** The answer outgrew the limit: not a network hiccup, so not worth retrying. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(int maxBytes) {
            super("Tinker answered with a body larger than " + maxBytes + " bytes");
        }
    }

    private static final class BoundedBytes extends AbstractBinAsyncEntityConsumer<byte[]> {
        private final int maxBytes;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        BoundedBytes(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        protected void streamStart(ContentType contentType) {
            buffer.reset();
        }

        @Override
        protected int capacityIncrement() {
            return maxBytes + 1;
        }

        @Override
        protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
            if (buffer.size() + src.remaining() > maxBytes) {
                throw new TooLarge(maxBytes);
            }
            byte[] chunk = new byte[src.remaining()];
            src.get(chunk);
            buffer.write(chunk);
        }

        @Override
        protected byte[] generateContent() {
            return buffer.toByteArray();
        }

        @Override
        public void releaseResources() {
            buffer.reset();
        }
    }
}
