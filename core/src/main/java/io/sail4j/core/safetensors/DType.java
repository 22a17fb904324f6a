package io.sail4j.core.safetensors;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The safetensors dtypes and their sizes in bits. */
public enum DType {
    BOOL(8), U8(8), I8(8), F8_E5M2(8), F8_E4M3(8), F8_E8M0(8), F4(4), F6_E2M3(6), F6_E3M2(6),
    I16(16), U16(16), F16(16), BF16(16), I32(32), U32(32), F32(32), I64(64), U64(64), F64(64), C64(64);

    private static final Map<String, DType> BY_NAME = byName();

    private final int bits;

    DType(int bits) {
        this.bits = bits;
    }

    public int bits() {
        return bits;
    }

    public static Optional<DType> fromWire(String name) {
        return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
    }

    private static Map<String, DType> byName() {
        Map<String, DType> names = new HashMap<>();
        for (DType type : values()) {
            names.put(type.name(), type);
        }
        return Map.copyOf(names);
    }
}
