package io.sail4j.ports.in;

import io.sail4j.ports.out.TextResult;
import java.util.concurrent.CompletableFuture;

/**
 * Text requests on Sail's Responses, Chat Completions and Messages APIs, with a registered LoRA when
 * asked. Before sending, the LoRA and window rules are checked against the model catalog (a LoRA
 * needs a model with LoRA serving; no {@code asap} with a LoRA; the window must be one the model
 * offers; {@code flex} needs background), refusing with {@code InvalidRequestException}.
 *
 * <p>Tinker checkpoints are not offered here: Sail serves a text request carrying Tinker checkpoint
 * metadata with the base model. Use a {@link TokenCompleter} for them.
 */
public interface TextRequests {

    /** {@code POST /v1/responses}; a background request is awaited until it finishes. */
    CompletableFuture<TextResult> respond(ResponseRequest request);

    /** {@code POST /v1/chat/completions}. */
    CompletableFuture<TextResult> chat(ChatCompletionRequest request);

    /** {@code POST /v1/messages}. */
    CompletableFuture<TextResult> message(MessagesRequest request);
}
