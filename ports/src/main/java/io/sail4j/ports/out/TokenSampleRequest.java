package io.sail4j.ports.out;

import io.sail4j.core.lora.LoraSource;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.core.model.ModelId;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.SamplingParams;
import io.sail4j.core.sampling.StopCondition;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One raw-token sample: token ids in, token ids out. Sent as a background Responses request; the
 * backend completes the future when the response finishes, or fails it with a typed error once
 * {@code timeout} (the whole call: create and wait) has passed.
 */
public record TokenSampleRequest(ModelId model, ModelInput input, SamplingParams params, StopCondition stop,
                                 CompletionWindow window, Optional<LoraSource> lora, Map<String, String> metadata,
                                 Optional<Duration> timeout, Optional<String> idempotencyKey) {
    public TokenSampleRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(lora, "lora");
        metadata = Map.copyOf(metadata);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    public TokenSampleRequest withLora(Optional<LoraSource> source) {
        return new TokenSampleRequest(model, input, params, stop, window, source, metadata, timeout, idempotencyKey);
    }

    public TokenSampleRequest withIdempotencyKey(String key) {
        return new TokenSampleRequest(model, input, params, stop, window, lora, metadata, timeout, Optional.of(key));
    }
}
