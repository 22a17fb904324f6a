package io.sail4j.ports.in;

/** Makes token completers. */
public interface TokenCompleters {

    /**
     * A completer for {@code options}. Beyond the rules the options check themselves, refuses with
     * {@code InvalidRequestException} (listing every violation) a completion window the model lacks, a
     * LoRA source on a model without LoRA serving, a Tinker adapter config the model cannot take, and
     * a Tinker checkpoint path with no {@code CheckpointUrlSource} to resolve it.
     */
    TokenCompleter create(TokenCompleterOptions options);
}
