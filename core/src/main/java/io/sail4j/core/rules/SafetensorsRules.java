package io.sail4j.core.rules;

import io.sail4j.core.error.Findings;
import io.sail4j.core.safetensors.DType;
import io.sail4j.core.safetensors.SafetensorsHeader;
import io.sail4j.core.safetensors.TensorEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

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
        HeaderCheck check = checker(headerLength, fileSize);
        rawHeader.forEach(check);
        return check.finish();
    }

    /**
     * The same check fed one top-level entry at a time, in file order, by a reader that streams the
     * header rather than building its whole tree (a full export's header holds ~140k tensors): only
     * the checked tensors are kept, each entry's parsed value is garbage at once.
     */
    public static HeaderCheck checker(long headerLength, long fileSize) {
        return new HeaderCheck(headerLength, fileSize);
    }

    /** Collects a header's entries ({@link #accept}) and gives the result ({@link #finish}). Not thread-safe. */
    public static final class HeaderCheck implements BiConsumer<String, Object> {
        private final long headerLength;
        private final long fileSize;
        private final Findings.Collector found = new Findings.Collector();
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private final List<TensorEntry> tensors = new ArrayList<>();

        private HeaderCheck(long headerLength, long fileSize) {
            this.headerLength = headerLength;
            this.fileSize = fileSize;
        }

        /** One top-level entry: {@code __metadata__}, or a tensor name and its JSON value (maps and lists). */
        @Override
        public void accept(String key, Object value) {
            if (key.equals("__metadata__")) {
                readMetadata(value, metadata, found);
            } else {
                readTensor(key, value, found).ifPresent(tensors::add);
            }
        }

        public Checked finish() {
            Findings prefix = checkPrefix(headerLength, fileSize);
            if (!prefix.ok()) {
                return new Checked(Optional.empty(), prefix);
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

    /** The finding's field for a tensor; built only when there is a finding (a full export has ~140k tensors). */
    private static String tensorField(String name) {
        return FIELD + ".tensors[" + name + "]";
    }

    private static Optional<TensorEntry> readTensor(String name, Object value, Findings.Collector found) {
        if (!(value instanceof Map<?, ?> spec)) {
            found.error(tensorField(name), "must be an object with dtype, shape and data_offsets", typeName(value));
            return Optional.empty();
        }
        int before = found.errorCount();
        Optional<DType> dtype = spec.get("dtype") instanceof String s ? DType.fromWire(s) : Optional.empty();
        if (dtype.isEmpty()) {
            found.error(tensorField(name) + ".dtype", "must be a safetensors dtype (F32, BF16, F16, ...)", spec.get("dtype"));
        }
        List<Long> shape = longs(spec.get("shape"));
        if (shape == null || !allNonNegative(shape)) {
            found.error(tensorField(name) + ".shape", "must be a list of non-negative integers", spec.get("shape"));
        }
        List<Long> offsets = longs(spec.get("data_offsets"));
        if (offsets == null || offsets.size() != 2 || offsets.get(0) < 0 || offsets.get(1) < offsets.get(0)) {
            found.error(tensorField(name) + ".data_offsets", "must be [begin, end] with 0 <= begin <= end", spec.get("data_offsets"));
        }
        if (found.errorCount() > before) {
            return Optional.empty();
        }
        TensorEntry tensor = new TensorEntry(name, dtype.get(), shape, offsets.get(0), offsets.get(1));
        long bits = elementCount(shape);
        if (bits < 0 || Math.multiplyHigh(bits, dtype.get().bits()) != 0) {
            found.error(tensorField(name) + ".shape", "is too large to address", shape);
            return Optional.empty();
        }
        bits *= dtype.get().bits();
        if (bits % 8 != 0) {
            found.error(tensorField(name) + ".shape", "must fill whole bytes for dtype " + dtype.get(), shape);
        } else if (bits / 8 != tensor.byteLength()) {
            found.error(tensorField(name) + ".data_offsets", "must span shape x dtype size = " + bits / 8 + " bytes",
                    tensor.byteLength() + " bytes");
        }
        return Optional.of(tensor);
    }

    private static boolean allNonNegative(List<Long> values) {
        for (long value : values) {
            if (value < 0) {
                return false;
            }
        }
        return true;
    }

    private static void checkLayout(List<TensorEntry> tensors, long dataBytes, Findings.Collector found) {
        List<TensorEntry> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        long expected = 0;
        for (TensorEntry tensor : sorted) {
            if (tensor.begin() < expected) {
                found.error(tensorField(tensor.name()) + ".data_offsets",
                        "must not overlap the previous tensor (ends at " + expected + ")", tensor.begin());
            } else if (tensor.begin() > expected) {
                found.error(tensorField(tensor.name()) + ".data_offsets",
                        "must start where the previous tensor ends (" + expected + "), leaving no gap", tensor.begin());
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
