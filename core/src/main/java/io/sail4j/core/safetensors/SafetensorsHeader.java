package io.sail4j.core.safetensors;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A checked safetensors header: its length in bytes (the 8-byte prefix's value), the tensors in
 * header order, the {@code __metadata__} map, and the size of the file it came from. Built by
 * {@code io.sail4j.core.rules.SafetensorsRules}, which is where the format's rules live.
 */
public record SafetensorsHeader(long headerLength, List<TensorEntry> tensors, Map<String, String> metadata, long fileSize) {
    /** The format caps the header at 100,000,000 bytes. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The little-endian u64 length prefix. */
    public static final int PREFIX_BYTES = 8;

    public SafetensorsHeader {
        tensors = List.copyOf(tensors);
        metadata = Map.copyOf(metadata);
    }

    public Optional<TensorEntry> tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Where the data section starts in the file. */
    public long dataStart() {
        return PREFIX_BYTES + headerLength;
    }
}
