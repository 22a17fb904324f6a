package io.sail4j.core.error;

import java.util.List;

/**
 * Registering a LoRA failed after its files were uploaded, and the uploads could not be deleted:
 * {@link #leftoverFileIds()} names the files still stored on Sail, so nothing is left behind silently.
 * The cause is the failure that stopped the registration.
 */
public class IncompleteRegistrationException extends SailException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> leftoverFileIds;

    public IncompleteRegistrationException(String lora, List<String> leftoverFileIds, Throwable cause) {
        super("registering lora " + lora + " failed (" + cause.getMessage() + ") and these uploaded files could not"
                + " be deleted and are still stored on Sail: " + String.join(", ", leftoverFileIds), cause);
        this.leftoverFileIds = List.copyOf(leftoverFileIds);
    }

    public List<String> leftoverFileIds() {
        return leftoverFileIds;
    }
}
