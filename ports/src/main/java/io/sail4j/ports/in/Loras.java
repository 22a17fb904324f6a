package io.sail4j.ports.in;

import io.sail4j.core.lora.Lora;
import io.sail4j.core.lora.LoraRef;
import io.sail4j.core.model.ModelId;
import io.sail4j.core.rules.ValidationRules.Usability;
import io.sail4j.ports.out.CreateLora;
import io.sail4j.ports.out.Page;
import io.sail4j.ports.out.PageRequest;
import io.sail4j.ports.out.UpdateLora;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/** LoRAs on Sail: register a local adapter in one call, manage LoRAs, wait for validation, check usability. */
public interface Loras {

    /**
     * Checks a local adapter against every target model's catalog entry, reading only its config and
     * its safetensors header. Never uploads and never throws for a bad adapter: the report says.
     */
    PreflightReport preflight(Path configFile, Path weightsFile, List<ModelId> models);

    /** {@link #preflight(Path, Path, List)} for an adapter directory. */
    PreflightReport preflight(Path adapterDirectory, List<ModelId> models);

    /**
     * Registers a local adapter: preflight (refusing with {@code InvalidRequestException} listing every
     * violation, including a name already taken, before any byte is uploaded), both files uploaded
     * concurrently with combined progress, the LoRA created, and, when asked, validation awaited.
     * If the LoRA cannot be created after the uploads, the uploaded files are deleted; when that fails
     * too, the future fails with {@code IncompleteRegistrationException} naming them. When the
     * registration also waits for validation and the wait's deadline passes, the LoRA stays registered
     * and the future fails with {@code ValidationTimeoutException} naming it.
     */
    CompletableFuture<Registration> register(RegisterLora request);

    /** {@code POST /v1/loras} with files already uploaded. */
    CompletableFuture<Lora> create(CreateLora command);

    CompletableFuture<Lora> get(LoraRef ref);

    /** By name or UUID. */
    default CompletableFuture<Lora> get(String nameOrId) {
        try {
            return get(LoraRef.parse(nameOrId));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** One page of the list. */
    CompletableFuture<Page<Lora>> listPage(PageRequest page);

    /**
     * Every LoRA, lazily: a page is fetched when iteration reaches it, so a loop that stops early
     * fetches no more. Iteration blocks on each page fetch and throws its {@code SailException}.
     */
    Stream<Lora> list();

    /** {@link #list()} with pages of {@code pageSize}. */
    Stream<Lora> list(int pageSize);

    /**
     * Sets the supported models to {@code models} (the new full list). Sail creates a pending validation
     * for every newly listed model that has not already succeeded.
     */
    CompletableFuture<Lora> updateSupportedModels(LoraRef ref, List<ModelId> models);

    /** {@code PATCH}: supported models, description and/or display name. */
    CompletableFuture<Lora> update(LoraRef ref, UpdateLora update);

    CompletableFuture<Void> delete(LoraRef ref);

    /**
     * Waits until every supported model's latest validation has finished. Completes with the outcome
     * (a failed validation included); fails with {@code ValidationTimeoutException} naming the models
     * still pending when {@code wait.maxWait()} passes. Cancelling the future stops the checks.
     */
    CompletableFuture<ValidationOutcome> awaitValidation(LoraRef ref, ValidationWait wait);

    /** Waits for one model's latest validation; the model must be one the LoRA supports. */
    CompletableFuture<ValidationOutcome> awaitValidation(LoraRef ref, ModelId model, ValidationWait wait);

    /**
     * Whether requests with this LoRA on {@code model} would be accepted now, and if not, why: the
     * model is not in the LoRA's supported models, its latest validation failed (with Sail's result
     * code and message), or the LoRA does not exist in this organization. Pending, running and
     * unverified validations count as usable, as on Sail.
     */
    CompletableFuture<Usability> usability(LoraRef ref, ModelId model);
}
