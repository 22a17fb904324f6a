package io.sail4j.cli;

/** A command needs Sail and no API key is configured. */
final class MissingApiKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingApiKeyException() {
        super("no API key: set SAIL_API_KEY (keys look like sk_..., from your Sail Research account),"
                + " or add --emulator to run this command against an embedded Sail emulator");
    }
}
