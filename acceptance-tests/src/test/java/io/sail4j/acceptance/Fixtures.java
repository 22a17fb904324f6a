package io.sail4j.acceptance;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sail4j.core.model.BaseModel;
import io.sail4j.core.model.CompletionWindow;
import io.sail4j.core.model.LoraSupport;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.model.ModelId;
import io.sail4j.ports.in.Blocking;
import io.sail4j.ports.in.ValidationWait;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Values the client tests share. */
final class Fixtures {
    static final ModelId KIMI = ModelCatalog.KIMI_K2_6;
    /** Kimi's architecture under another id: a second model that takes the same adapters. */
    static final ModelId KIMI_TWIN = ModelId.of("acme/kimi-twin");
    /** A model Sail serves without LoRAs. */
    static final ModelId PLAIN = ModelId.of("acme/plain-8b");
    /** A LoRA model that offers only asap and standard. */
    static final ModelId FAST_ONLY = ModelId.of("acme/fast-only");

    /** Polls every few milliseconds, for up to ten seconds. */
    static final ValidationWait QUICK = ValidationWait.upTo(Duration.ofSeconds(10))
            .withBackoff(Duration.ofMillis(2), Duration.ofMillis(20), 2.0);

    private Fixtures() {
    }

    static BaseModel kimi() {
        return ModelCatalog.builtIn().find(KIMI).orElseThrow();
    }

    /** The built-in catalog plus the twin, a model without LoRAs, and one with few windows. */
    static ModelCatalog wideCatalog() {
        BaseModel kimi = kimi();
        return ModelCatalog.builtIn()
                .with(new BaseModel(KIMI_TWIN, kimi.lora(), kimi.windows(), kimi.architecture()))
                .with(new BaseModel(PLAIN, Optional.empty(), Set.copyOf(CompletionWindow.KNOWN), Optional.empty()))
                .with(new BaseModel(FAST_ONLY, Optional.of(LoraSupport.anyModule(16)),
                        Set.of(CompletionWindow.ASAP, CompletionWindow.STANDARD), Optional.empty()));
    }

    /** The exception the future failed with, asserting its type. */
    static <T extends Throwable> T failure(Class<T> type, CompletableFuture<?> future) {
        return assertThrows(type, () -> Blocking.await(future));
    }
}
