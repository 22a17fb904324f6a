package io.sail4j.core.model;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A Sail base model as sail4j knows it: whether and how it takes LoRAs, which completion windows it
 * offers (an empty set means "not known here", and the window is left to Sail to judge), and, when
 * known, the architecture LoRA shapes are checked against.
 */
public record BaseModel(ModelId id, Optional<LoraSupport> lora, Set<CompletionWindow> windows,
                        Optional<ModelArchitecture> architecture) {
    public BaseModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(lora, "lora");
        windows = Set.copyOf(windows);
        Objects.requireNonNull(architecture, "architecture");
    }

    /** A model known only by id: no LoRA support, windows and architecture unknown. */
    public static BaseModel known(ModelId id) {
        return new BaseModel(id, Optional.empty(), Set.of(), Optional.empty());
    }

    public boolean takesLoras() {
        return lora.isPresent();
    }

    public boolean windowsKnown() {
        return !windows.isEmpty();
    }

    /** True when the model offers this window, or when its windows are not known here. */
    public boolean supportsWindow(CompletionWindow window) {
        return windows.isEmpty() || windows.contains(window);
    }

    public BaseModel withLora(LoraSupport support) {
        return new BaseModel(id, Optional.ofNullable(support), windows, architecture);
    }

    public BaseModel withWindows(Set<CompletionWindow> newWindows) {
        return new BaseModel(id, lora, newWindows, architecture);
    }

    public BaseModel withArchitecture(ModelArchitecture newArchitecture) {
        return new BaseModel(id, lora, windows, Optional.ofNullable(newArchitecture));
    }
}
