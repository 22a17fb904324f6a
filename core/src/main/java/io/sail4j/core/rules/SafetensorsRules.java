package io.sail4j.core.rules;

import io.sail4j.core.safetensors.DType;
import io.sail4j.core.safetensors.SafetensorsHeader;
import io.sail4j.core.safetensors.TensorEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The safetensors format's rules, over a header already parsed from JSON into maps and lists:
 * header at most 100,000,000 bytes; each tensor a known dtype, a shape of non-negative integers and
 * {@code data_offsets} [begin, end] whose length is shape x dtype size; offsets sorted and contiguous
 * from 0 with no gap or overlap; the file ending exactly at the last tensor; {@code __metadata__} a
 * map of strings.
 */
public final class SafetensorsRules {
    public static final String FIELD = "safetensors";

    private SafetensorsRules() {
    }

    /** The checked header, or the findings that make it unusable. */
    public record Checked(Optional<SafetensorsHeader> header, Findings findings) {
    }

    /** Rules for the 8-byte prefix alone, so a reader can refuse before reading the header itself. */
    public static Findings checkPrefix(long headerLength, long fileSize) {
        Findings.Collector found = new Findings.Collector();
        if (fileSize < SafetensorsHeader.PREFIX_BYTES) {
            found.error(FIELD, "file is shorter than the 8-byte header length prefix", fileSize + " bytes");
        } else if (headerLength < 2) {
            found.error(FIELD + ".header_length", "must be at least 2 bytes (a JSON object)", headerLength);
        } else if (headerLength > SafetensorsHeader.MAX_HEADER_BYTES) {
            found.error(FIELD + ".header_length", "must be at most 100,000,000 bytes", headerLength);
        } else if (SafetensorsHeader.PREFIX_BYTES + headerLength > fileSize) {
            found.error(FIELD + ".header_length", "runs past the end of the file (" + fileSize + " bytes)", headerLength);
        }
        return found.findings();
    }

    /**
     * Checks a parsed header ({@code rawHeader}: the JSON object) from a file of {@code fileSize} bytes
     * whose prefix said {@code headerLength}.
     */
    public static Checked check(long headerLength, Map<String, ?> rawHeader, long fileSize) {
        Findings prefix = checkPrefix(headerLength, fileSize);
        if (!prefix.ok()) {
            return new Checked(Optional.empty(), prefix);
        }
        Findings.Collector found = new Findings.Collector();
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorEntry> tensors = new ArrayList<>();
        for (Map.Entry<String, ?> entry : rawHeader.entrySet()) {
            if (entry.getKey().equals("__metadata__")) {
                readMetadata(entry.getValue(), metadata, found);
            } else {
                readTensor(entry.getKey(), entry.getValue(), found).ifPresent(tensors::add);
            }
        }
        if (found.errorCount() == 0) {
            checkLayout(tensors, fileSize - SafetensorsHeader.PREFIX_BYTES - headerLength, found);
        }
        Findings findings = found.findings();
        Optional<SafetensorsHeader> header = findings.ok()
                ? Optional.of(new SafetensorsHeader(headerLength, tensors, metadata, fileSize))
                : Optional.empty();
        return new Checked(header, findings);
    }

    private static void readMetadata(Object value, Map<String, String> metadata, Findings.Collector found) {
        if (!(value instanceof Map<?, ?> map)) {
            found.error(FIELD + ".__metadata__", "must be a JSON object of strings", typeName(value));
            return;
        }
        map.forEach((k, v) -> {
            if (v instanceof String s) {
                metadata.put(String.valueOf(k), s);
            } else {
                found.error(FIELD + ".__metadata__." + k, "must be a string", typeName(v));
            }
        });
    }

    private static Optional<TensorEntry> readTensor(String name, Object value, Findings.Collector found) {
        String field = FIELD + ".tensors[" + name + "]";
        if (!(value instanceof Map<?, ?> spec)) {
            found.error(field, "must be an object with dtype, shape and data_offsets", typeName(value));
            return Optional.empty();
        }
        int before = found.errorCount();
        Optional<DType> dtype = spec.get("dtype") instanceof String s ? DType.fromWire(s) : Optional.empty();
        if (dtype.isEmpty()) {
            found.error(field + ".dtype", "must be a safetensors dtype (F32, BF16, F16, ...)", spec.get("dtype"));
        }
        List<Long> shape = longs(spec.get("shape"));
        if (shape == null || shape.stream().anyMatch(d -> d < 0)) {
            found.error(field + ".shape", "must be a list of non-negative integers", spec.get("shape"));
        }
        List<Long> offsets = longs(spec.get("data_offsets"));
        if (offsets == null || offsets.size() != 2 || offsets.get(0) < 0 || offsets.get(1) < offsets.get(0)) {
            found.error(field + ".data_offsets", "must be [begin, end] with 0 <= begin <= end", spec.get("data_offsets"));
        }
        if (found.errorCount() > before) {
            return Optional.empty();
        }
        TensorEntry tensor = new TensorEntry(name, dtype.get(), shape, offsets.get(0), offsets.get(1));
        long bits = elementCount(shape);
        if (bits < 0 || Math.multiplyHigh(bits, dtype.get().bits()) != 0) {
            found.error(field + ".shape", "is too large to address", shape);
            return Optional.empty();
        }
        bits *= dtype.get().bits();
        if (bits % 8 != 0) {
            found.error(field + ".shape", "must fill whole bytes for dtype " + dtype.get(), shape);
        } else if (bits / 8 != tensor.byteLength()) {
            found.error(field + ".data_offsets", "must span shape x dtype size = " + bits / 8 + " bytes",
                    tensor.byteLength() + " bytes");
        }
        return Optional.of(tensor);
    }

    private static void checkLayout(List<TensorEntry> tensors, long dataBytes, Findings.Collector found) {
        List<TensorEntry> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        long expected = 0;
        for (TensorEntry tensor : sorted) {
            String field = FIELD + ".tensors[" + tensor.name() + "].data_offsets";
            if (tensor.begin() < expected) {
                found.error(field, "must not overlap the previous tensor (ends at " + expected + ")", tensor.begin());
            } else if (tensor.begin() > expected) {
                found.error(field, "must start where the previous tensor ends (" + expected + "), leaving no gap", tensor.begin());
            }
            expected = Math.max(expected, tensor.end());
        }
        if (expected != dataBytes) {
            found.error(FIELD + ".file_size", "data section must end exactly at the last tensor ("
                    + expected + " bytes of tensors)", dataBytes + " bytes after the header");
        }
    }

    /** Elements in a tensor of this shape; -1 on overflow. */
    static long elementCount(List<Long> shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim != 0 && count > Long.MAX_VALUE / dim) {
                return -1;
            }
            count *= dim;
        }
        return count;
    }

    private static List<Long> longs(Object value) {
        if (!(value instanceof List<?> list)) {
            return null;
        }
        List<Long> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (item instanceof Integer || item instanceof Long || item instanceof Short) {
                out.add(((Number) item).longValue());
            } else if (item instanceof java.math.BigInteger big && big.bitLength() < 63) {
                out.add(big.longValue());
            } else {
                return null;
            }
        }
        return out;
    }

    private static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof List) {
            return "array";
        }
        return value instanceof String ? "string" : value.getClass().getSimpleName().toLowerCase();
    }
}
