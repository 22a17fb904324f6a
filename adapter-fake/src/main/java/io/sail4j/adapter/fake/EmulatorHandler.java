package io.sail4j.adapter.fake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.sail4j.adapter.fake.internal.Caller;
import io.sail4j.adapter.fake.internal.Digests;
import io.sail4j.adapter.fake.internal.FileContent;
import io.sail4j.adapter.fake.internal.MultipartReader;
import io.sail4j.adapter.fake.internal.Outcome;
import io.sail4j.adapter.fake.internal.ResponseObject;
import io.sail4j.adapter.fake.internal.ResponseSpec;
import io.sail4j.adapter.fake.internal.SailState;
import io.sail4j.adapter.fake.internal.WireJson;
import io.sail4j.adapter.fake.internal.WireRequests;
import io.sail4j.core.error.ApiError;
import io.sail4j.core.error.ApiErrors;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.SailApiException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.FileId;
import io.sail4j.core.lora.Lora;
import io.sail4j.core.rules.FileRules;
import io.sail4j.ports.out.PageRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Routes Sail's REST calls onto the fake's state, with fault injection in front. */
final class EmulatorHandler implements HttpHandler {
    private record Route(String method, String[] segments, String template) {
    }

    private static final List<Route> ROUTES = List.of(
            route("GET", "/v1/models"),
            route("POST", "/v1/files"), route("GET", "/v1/files"),
            route("GET", "/v1/files/{id}"), route("DELETE", "/v1/files/{id}"),
            route("POST", "/v1/loras"), route("GET", "/v1/loras"),
            route("GET", "/v1/loras/{name_or_id}"), route("PATCH", "/v1/loras/{name_or_id}"),
            route("DELETE", "/v1/loras/{name_or_id}"),
            route("POST", "/v1/responses"), route("GET", "/v1/responses/{id}"),
            route("POST", "/v1/responses/{id}/cancel"),
            route("POST", "/v1/chat/completions"), route("POST", "/v1/messages"));

    /** An answer ready to write: status, JSON body, extra headers. */
    private record Answer(int status, byte[] body, Map<String, String> headers) {
    }

    private final SailState state;
    private final FaultPlan faults;
    private final EmulatorCounters counters;
    private final ScheduledExecutorService delays;
    private final int maxJsonBytes;

    EmulatorHandler(SailState state, FaultPlan faults, EmulatorCounters counters, ScheduledExecutorService delays, int maxJsonBytes) {
        this.state = state;
        this.faults = faults;
        this.counters = counters;
        this.delays = delays;
        this.maxJsonBytes = maxJsonBytes;
    }

    private static Route route(String method, String template) {
        return new Route(method, template.substring(1).split("/"), method + " " + template);
    }

    @Override
    public void handle(HttpExchange exchange) {
        String requestId = "req_" + UUID.randomUUID().toString().replace("-", "");
        try {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> params = new HashMap<>();
            Route matched = match(method, path, params);
            String route = matched != null ? matched.template() : method + " (unmatched)";
            counters.request(route);
            Optional<Fault> fault = matched == null ? Optional.empty() : faults.pick(new EmulatorRequest(method, path, route));
            if (fault.isPresent()) {
                counters.fault(fault.get());
            }
            Fault.Kind kind = fault.map(Fault::kind).orElse(null);
            if (kind == Fault.Kind.RESET_BEFORE_PROCESSING) {
                drop(exchange);
                return;
            }
            if (kind == Fault.Kind.STATUS) {
                write(exchange, requestId, injected(fault.get()));
                return;
            }
            if (kind == Fault.Kind.RESET_MID_BODY) {
                processOverBrokenBody(exchange, matched, params, fault.get().bodyBytes());
                return;
            }
            Answer answer = matched == null ? unrouted(method, path) : process(exchange, matched, params);
            if (kind == Fault.Kind.RESET_AFTER_PROCESSING) {
                drop(exchange);
            } else if (kind == Fault.Kind.SLOW) {
                delays.schedule(() -> write(exchange, requestId, answer), fault.get().delay().toNanos(), TimeUnit.NANOSECONDS);
            } else {
                write(exchange, requestId, answer);
            }
        } catch (RuntimeException e) {
            write(exchange, requestId, error(new ApiError(500, "the emulator failed: " + e.getClass().getSimpleName(),
                    ApiErrors.TYPE_SERVER, null, null, null), false));
        }
    }

    /**
     * Handles the request as far as its body lets it (an upload streams into the store until the break),
     * then drops the connection: no answer, whatever happened.
     */
    private void processOverBrokenBody(HttpExchange exchange, Route route, Map<String, String> params, long bodyBytes) {
        exchange.setStreams(new BrokenBody(exchange.getRequestBody(), bodyBytes), null);
        try {
            process(exchange, route, params);
        } finally {
            drop(exchange);
        }
    }

    /** A request body whose connection breaks after {@code limit} bytes. */
    private static final class BrokenBody extends InputStream {
        private final InputStream in;
        private long left;

        BrokenBody(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (left <= 0) {
                throw new IOException("connection reset mid-body (injected fault)");
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() {
            // Closing the real body would drain the rest of it; the connection is dropped instead.
        }
    }

    private static Route match(String method, String path, Map<String, String> params) {
        String[] segments = path.length() > 1 ? path.substring(1).split("/") : new String[0];
        for (Route route : ROUTES) {
            if (!route.method().equals(method) || route.segments().length != segments.length) {
                continue;
            }
            Map<String, String> found = new HashMap<>();
            boolean ok = true;
            for (int i = 0; i < segments.length && ok; i++) {
                String want = route.segments()[i];
                if (want.startsWith("{")) {
                    found.put(want.substring(1, want.length() - 1), URLDecoder.decode(segments[i], StandardCharsets.UTF_8));
                } else {
                    ok = want.equals(segments[i]);
                }
            }
            if (ok) {
                params.putAll(found);
                return route;
            }
        }
        return null;
    }

    private Answer unrouted(String method, String path) {
        String[] segments = path.length() > 1 ? path.substring(1).split("/") : new String[0];
        boolean knownPath = ROUTES.stream().anyMatch(r -> r.segments().length == segments.length
                && matchesIgnoringMethod(r, segments));
        if (knownPath) {
            return error(new ApiError(405, "method " + method + " is not allowed on " + path, ApiErrors.TYPE_INVALID_REQUEST,
                    null, null, null), false);
        }
        return error(new ApiError(404, "no route for " + method + " " + path, ApiErrors.TYPE_NOT_FOUND, null, null, null), false);
    }

    private static boolean matchesIgnoringMethod(Route route, String[] segments) {
        for (int i = 0; i < segments.length; i++) {
            if (!route.segments()[i].startsWith("{") && !route.segments()[i].equals(segments[i])) {
                return false;
            }
        }
        return true;
    }

    private Answer process(HttpExchange exchange, Route route, Map<String, String> params) {
        boolean anthropic = route.template().equals("POST /v1/messages");
        try {
            Caller caller = state.caller(apiKey(exchange));
            Optional<String> key = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            return switch (route.template()) {
                case "GET /v1/models" -> ok(200, WireJson.list(new io.sail4j.ports.out.Page<>(state.models(), false), WireJson::model));
                case "POST /v1/files" -> uploadFile(exchange, caller, key);
                case "GET /v1/files" -> {
                    PageRequest page = page(exchange);
                    yield ok(200, WireJson.list(state.listFiles(caller, page.limit(), page.after()), WireJson::file));
                }
                case "GET /v1/files/{id}" -> ok(200, WireJson.file(state.getFile(caller, fileId(params.get("id")))));
                case "DELETE /v1/files/{id}" -> {
                    SailState.FileObject file = state.deleteFile(caller, fileId(params.get("id")));
                    yield ok(200, WireJson.deleted(file.id().value(), "file"));
                }
                case "POST /v1/loras" -> {
                    byte[] body = readJson(exchange);
                    Outcome<Lora> outcome = state.createLora(caller, WireRequests.createLora(object(body)), key,
                            fingerprint(route, body));
                    yield replayable(201, WireJson.lora(outcome.value()), outcome.replayed());
                }
                case "GET /v1/loras" -> {
                    PageRequest page = page(exchange);
                    yield ok(200, WireJson.list(state.listLoras(caller, page.limit(), page.after()), WireJson::lora));
                }
                case "GET /v1/loras/{name_or_id}" -> ok(200, WireJson.lora(state.getLora(caller, params.get("name_or_id"))));
                case "PATCH /v1/loras/{name_or_id}" -> ok(200, WireJson.lora(state.updateLora(caller, params.get("name_or_id"),
                        WireRequests.updateLora(object(readJson(exchange))))));
                case "DELETE /v1/loras/{name_or_id}" -> {
                    Lora lora = state.deleteLora(caller, params.get("name_or_id"));
                    yield ok(200, WireJson.deleted(lora.id().toString(), "lora.deleted"));
                }
                case "POST /v1/responses" -> {
                    byte[] body = readJson(exchange);
                    ResponseSpec spec = WireRequests.response(object(body), ResponseSpec.Kind.RESPONSES);
                    SailState.Accepted accepted = state.createResponse(caller, spec, key, fingerprint(route, body));
                    yield replayable(spec.background() ? 202 : 200, WireJson.response(accepted.response(), accepted.state()),
                            accepted.replayed());
                }
                case "GET /v1/responses/{id}" -> ok(200, WireJson.response(state.getResponse(caller, params.get("id"))));
                case "POST /v1/responses/{id}/cancel" -> ok(200, WireJson.response(state.cancelResponse(caller, params.get("id"))));
                case "POST /v1/chat/completions" -> text(exchange, route, caller, key, ResponseSpec.Kind.CHAT_COMPLETIONS);
                case "POST /v1/messages" -> text(exchange, route, caller, key, ResponseSpec.Kind.MESSAGES);
                default -> throw new IllegalStateException("unhandled route " + route.template());
            };
        } catch (SailApiException e) {
            return error(e.error(), anthropic);
        } catch (InvalidRequestException e) {
            return error(ApiErrors.invalidRequest(e.violations()), anthropic);
        } catch (BodyTooLarge e) {
            return error(ApiErrors.tooLarge("request body must be at most " + maxJsonBytes + " bytes", null), anthropic);
        } catch (IOException e) {
            return error(ApiErrors.invalidRequest("the request body could not be read: " + e.getMessage(), null), anthropic);
        }
    }

    private Answer text(HttpExchange exchange, Route route, Caller caller, Optional<String> key, ResponseSpec.Kind kind)
            throws IOException {
        byte[] body = readJson(exchange);
        ResponseSpec spec = WireRequests.response(object(body), kind);
        SailState.Accepted accepted = state.createResponse(caller, spec, key, fingerprint(route, body));
        ResponseObject response = accepted.response();
        ResponseObject.State end = response.state();
        if (end.status() == ResponseObject.Status.FAILED || end.status() == ResponseObject.Status.CANCELLED) {
            return error(new ApiError(500, end.errorMessage() == null ? "the request " + end.status().wireName() : end.errorMessage(),
                    ApiErrors.TYPE_SERVER, end.errorCode(), null, null), kind == ResponseSpec.Kind.MESSAGES);
        }
        ObjectNode json = kind == ResponseSpec.Kind.MESSAGES ? WireJson.message(response) : WireJson.chatCompletion(response);
        return replayable(200, json, accepted.replayed());
    }

    private Answer uploadFile(HttpExchange exchange, Caller caller, Optional<String> key) throws IOException {
        String boundary = MultipartReader.boundaryOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (boundary == null) {
            throw new InvalidRequestException(Violation.of("Content-Type", "must be multipart/form-data with a boundary"));
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null && parseLong(length) > FileRules.MAX_FILE_BYTES + (1 << 20)) {
            throw SailApiException.forError(ApiErrors.tooLarge("file must be at most 100 GiB (107374182400 bytes)", "file"));
        }
        MultipartReader reader = new MultipartReader(exchange.getRequestBody(), boundary);
        String purpose = null;
        String filename = null;
        FileContent content = null;
        MultipartReader.Part part;
        while ((part = reader.next()) != null) {
            if ("purpose".equals(part.name())) {
                purpose = reader.text(1024).trim();
            } else if ("file".equals(part.name())) {
                filename = part.filename();
                FileContent.Sink sink = new FileContent.Sink();
                reader.body(sink::write);
                content = sink.finish();
            }
        }
        if (content == null) {
            throw new InvalidRequestException(Violation.of("file", "is required: a part named file, with its filename"));
        }
        Outcome<SailState.FileObject> outcome = state.registerFile(caller, filename, purpose, content, key);
        return replayable(200, WireJson.file(outcome.value()), outcome.replayed());
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static FileId fileId(String text) {
        if (text == null || text.isBlank() || text.contains("/")) {
            throw SailApiException.forError(ApiErrors.fileNotFound(String.valueOf(text)));
        }
        return FileId.of(text);
    }

    private static PageRequest page(HttpExchange exchange) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        int limit = PageRequest.DEFAULT_LIMIT;
        if (query.containsKey("limit")) {
            try {
                limit = Integer.parseInt(query.get("limit"));
            } catch (NumberFormatException e) {
                throw new InvalidRequestException(Violation.of("limit", "must be an integer", query.get("limit")));
            }
        }
        return new PageRequest(limit, Optional.ofNullable(query.get("after")).filter(a -> !a.isEmpty()));
    }

    /** A JSON body past the cap: answered 413 without reading the rest. */
    private static final class BodyTooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge() {
            super(null, null, false, false);
        }
    }

    private byte[] readJson(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (out.size() + n > maxJsonBytes) {
                    throw new BodyTooLarge();
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static JsonNode object(byte[] body) {
        try {
            JsonNode node = WireJson.MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw WireRequests.notAnObject();
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(Violation.of("body", "must be valid JSON", e.getOriginalMessage()));
        } catch (IOException e) {
            throw WireRequests.notAnObject();
        }
    }

    /** Idempotency compares the route and the SHA-256 of the body. */
    private static String fingerprint(Route route, byte[] body) {
        return route.template() + "|" + Digests.sha256Hex(body);
    }

    private static String apiKey(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return exchange.getRequestHeaders().getFirst("x-api-key");
    }

    private static Answer ok(int status, JsonNode json) {
        return new Answer(status, WireJson.bytes(json), Map.of());
    }

    private static Answer replayable(int status, JsonNode json, boolean replayed) {
        return new Answer(status, WireJson.bytes(json), replayed ? Map.of("Idempotent-Replayed", "true") : Map.of());
    }

    private static Answer error(ApiError error, boolean anthropic) {
        return new Answer(error.status(), WireJson.bytes(WireJson.error(error, anthropic)), Map.of());
    }

    private static Answer injected(Fault fault) {
        if (fault.status() == 429) {
            return new Answer(429, WireJson.bytes(WireJson.error(new ApiError(429, "rate limited (injected fault)",
                    ApiErrors.TYPE_RATE_LIMIT, null, null, null), false)),
                    Map.of("Retry-After", String.valueOf(fault.retryAfterSeconds())));
        }
        String type = fault.status() >= 500 ? ApiErrors.TYPE_SERVER : ApiErrors.TYPE_INVALID_REQUEST;
        return error(new ApiError(fault.status(), "HTTP " + fault.status() + " (injected fault)", type, null, null, null), false);
    }

    private static void drop(HttpExchange exchange) {
        // closing an exchange that sent no headers closes its connection: the client gets no answer
        exchange.close();
    }

    private static void write(HttpExchange exchange, String requestId, Answer answer) {
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("x-request-id", requestId);
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        } catch (IOException e) {
            // the client went away; nothing to tell it
        } finally {
            exchange.close();
        }
    }
}
