package io.sail4j.ports.out;

import io.sail4j.core.tinker.SignedCheckpointUrl;
import io.sail4j.core.tinker.TinkerPath;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Resolves a Tinker checkpoint to a signed archive URL Sail can download (the Java twin of
 * {@code sail.get_tinker_checkpoint_signed_url_async}).
 */
public interface CheckpointUrlSource {

    /**
     * A signed URL for {@code path}; when {@code ttl} is given, the checkpoint's TTL is set first so
     * per-step checkpoints expire instead of piling up.
     */
    CompletableFuture<SignedCheckpointUrl> signedUrl(TinkerPath path, Optional<Duration> ttl);

    default CompletableFuture<SignedCheckpointUrl> signedUrl(TinkerPath path) {
        return signedUrl(path, Optional.empty());
    }
}
