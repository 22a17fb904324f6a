package io.sail4j.adapter.fake.internal;

import io.sail4j.core.lora.Lora;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.sampling.SampledTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** One response: its request, and its state as it moves pending -> running -> a finished status. */
public final class ResponseObject {

    public enum Status {
        PENDING, RUNNING, COMPLETED, INCOMPLETE, FAILED, CANCELLED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public boolean finished() {
            return this != PENDING && this != RUNNING;
        }
    }

    /** What the model produced: tokens for the raw-token path, text otherwise. */
    public record Result(SampledTokens tokens, String text, boolean truncated, long inputTokens, long outputTokens) {
    }

    public record State(Status status, Instant updatedAt, Result result, String errorCode, String errorMessage) {
    }

    private final String id;
    private final Caller owner;
    private final Instant createdAt;
    private final ResponseSpec spec;
    private final BaseModel model;
    private final Optional<Lora> lora;
    private volatile State state;
    private List<Consumer<ResponseObject>> listeners = new ArrayList<>();

    ResponseObject(String id, Caller owner, Instant createdAt, ResponseSpec spec, BaseModel model, Optional<Lora> lora) {
        this.id = id;
        this.owner = owner;
        this.createdAt = createdAt;
        this.spec = spec;
        this.model = model;
        this.lora = lora;
        this.state = new State(Status.PENDING, createdAt, null, null, null);
    }

    public String id() {
        return id;
    }

    public Caller owner() {
        return owner;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public ResponseSpec spec() {
        return spec;
    }

    public BaseModel model() {
        return model;
    }

    /** The registered LoRA the request named, as it was when the request was accepted. */
    public Optional<Lora> lora() {
        return lora;
    }

    public State state() {
        return state;
    }

    synchronized boolean start(Instant now) {
        if (state.status() != Status.PENDING) {
            return false;
        }
        state = new State(Status.RUNNING, now, null, null, null);
        return true;
    }

    /** Moves to a finished state unless already finished; returns the listeners to call, or null. */
    synchronized List<Consumer<ResponseObject>> finish(State finished) {
        if (state.status().finished()) {
            return null;
        }
        state = finished;
        List<Consumer<ResponseObject>> toCall = listeners;
        listeners = null;
        return toCall;
    }

    /** Calls {@code listener} once the response has finished (at once when it already has). */
    void whenFinished(Consumer<ResponseObject> listener) {
        synchronized (this) {
            if (listeners != null) {
                listeners.add(listener);
                return;
            }
        }
        listener.accept(this);
    }

    @Override
    public String toString() {
        return "Response[" + id + ", " + state.status().wireName() + "]";
    }
}
