package io.sail4j.core.sampling;

import java.util.Optional;

/** Why sampling ended: a stop string or token ({@code stop}) or the token limit ({@code length}). */
public enum StopReason {
    STOP("stop"), LENGTH("length");

    private final String wireName;

    StopReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<StopReason> fromWire(String text) {
        for (StopReason reason : values()) {
            if (reason.wireName.equals(text)) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }
}
