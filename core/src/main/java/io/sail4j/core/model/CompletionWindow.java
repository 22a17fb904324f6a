package io.sail4j.core.model;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import java.util.List;

/**
 * A completion window ({@code metadata.completion_window}). An open value: Sail has renamed windows
 * before, so unknown names are kept as given; the four documented ones are constants.
 */
public record CompletionWindow(String name) {
    /** Immediate. LoRA requests cannot use it. */
    public static final CompletionWindow ASAP = new CompletionWindow("asap");
    /** About a minute; the token completer's default. */
    public static final CompletionWindow PRIORITY = new CompletionWindow("priority");
    /** About five minutes; Sail's default where the model supports it. */
    public static final CompletionWindow STANDARD = new CompletionWindow("standard");
    /** Best effort; requires {@code background: true}. */
    public static final CompletionWindow FLEX = new CompletionWindow("flex");

    public static final List<CompletionWindow> KNOWN = List.of(ASAP, PRIORITY, STANDARD, FLEX);

    public CompletionWindow {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException(
                    Violation.of("completion_window", "must be a non-empty window name", name));
        }
    }

    public static CompletionWindow of(String name) {
        return new CompletionWindow(name);
    }

    public boolean isKnown() {
        return KNOWN.contains(this);
    }

    @Override
    public String toString() {
        return name;
    }
}
