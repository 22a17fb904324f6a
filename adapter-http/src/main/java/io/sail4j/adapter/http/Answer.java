package io.sail4j.adapter.http;

/**
 * One HTTP answer as read off the wire: status, the (size-capped) body, Sail's request id and the
 * raw {@code Retry-After} header. {@code what} names the call ("POST /v1/loras") for messages.
 */
record Answer(String what, int status, byte[] body, String requestId, String retryAfter) {

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
