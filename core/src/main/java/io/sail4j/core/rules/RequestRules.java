package io.sail4j.core.rules;

import io.sail4j.core.error.Findings;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.model.CompletionWindow;
import java.util.Map;
import java.util.TreeSet;

/** Rules on a request to a model: completion windows, LoRA eligibility, metadata values. */
public final class RequestRules {
    /** Sail's message for a LoRA request on {@code asap}. */
    public static final String ASAP_WITH_LORA = "lora requests cannot use completion_window=asap";
    public static final String FLEX_NEEDS_BACKGROUND = "completion_window=flex requires background: true";

    private RequestRules() {
    }

    /**
     * The window rules: a LoRA request cannot use {@code asap}; the window must be one the model
     * supports (when its windows are known); {@code flex} needs background.
     */
    public static Findings checkWindow(BaseModel model, CompletionWindow window, boolean usesLora, boolean background) {
        Findings.Collector found = new Findings.Collector();
        if (usesLora && window.equals(CompletionWindow.ASAP)) {
            found.error("completion_window", ASAP_WITH_LORA, window);
        }
        if (!model.supportsWindow(window)) {
            found.error("completion_window", "must be a window " + model.id() + " supports "
                    + new TreeSet<>(model.windows().stream().map(CompletionWindow::name).toList()), window);
        }
        if (window.equals(CompletionWindow.FLEX) && !background) {
            found.error("background", FLEX_NEEDS_BACKGROUND, false);
        }
        return found.findings();
    }

    /** A LoRA source needs a model that supports LoRA serving. */
    public static Findings checkLoraModel(BaseModel model) {
        return model.takesLoras() ? Findings.none()
                : Findings.error(io.sail4j.core.error.Violation.of("model", "does not support LoRA serving", model.id()));
    }

    /** Metadata values must be strings. */
    public static Findings checkMetadata(Map<String, ?> metadata) {
        Findings.Collector found = new Findings.Collector();
        metadata.forEach((key, value) -> {
            if (!(value instanceof String)) {
                found.error("metadata." + key, "must be a string", value);
            }
        });
        return found.findings();
    }
}
