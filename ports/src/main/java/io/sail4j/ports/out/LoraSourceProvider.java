package io.sail4j.ports.out;

import io.sail4j.core.lora.LoraSource;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a locator a user writes ({@code tinker://run/sampler_weights/step-7}, a registered name, or a
 * scheme of your own) into a {@link LoraSource} a request can carry. A new source is one class
 * implementing this plus one Guice module adding it to the {@code Multibinder<LoraSourceProvider>}.
 */
public interface LoraSourceProvider {

    /** Whether this provider understands {@code locator}. */
    boolean handles(String locator);

    /** The source for {@code locator}; called again when a resolved source has expired or was refused. */
    CompletableFuture<LoraSource> resolve(String locator);
}
