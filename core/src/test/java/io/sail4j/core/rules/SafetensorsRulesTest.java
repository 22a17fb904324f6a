package io.sail4j.core.rules;

import io.sail4j.core.error.Findings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.Violation;
import io.sail4j.core.safetensors.DType;
import io.sail4j.core.safetensors.SafetensorsHeader;
import io.sail4j.core.safetensors.TensorEntry;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

// The safetensors format: known dtypes with their bit sizes, data_offsets sorted and contiguous from 0
// with no gap or overlap, each byte range equal to shape x dtype size, the file ending exactly at the
// last tensor, a header of at most 100,000,000 bytes and a __metadata__ map of strings.
class SafetensorsRulesTest {
    static final long HEADER_LENGTH = 200;

    static Map<String, Object> tensor(String dtype, List<?> shape, long begin, long end) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("dtype", dtype);
        spec.put("shape", shape);
        spec.put("data_offsets", List.of(begin, end));
        return spec;
    }

    @SafeVarargs
    static Map<String, Object> header(Map.Entry<String, Object>... entries) {
        Map<String, Object> header = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : entries) {
            header.put(entry.getKey(), entry.getValue());
        }
        return header;
    }

    static SafetensorsRules.Checked check(Map<String, Object> header, long dataBytes) {
        return SafetensorsRules.check(HEADER_LENGTH, header, SafetensorsHeader.PREFIX_BYTES + HEADER_LENGTH + dataBytes);
    }

    static List<String> fields(Findings findings) {
        return findings.errors().stream().map(Violation::field).toList();
    }

    @Test
    void aWellFormedHeaderIsReadInHeaderOrder() {
        Map<String, Object> raw = header(
                Map.entry("__metadata__", Map.of("format", "pt")),
                Map.entry("b", tensor("BF16", List.of(4), 24, 32)),
                Map.entry("a", tensor("F32", List.of(2, 3), 0, 24)));
        SafetensorsRules.Checked checked = check(raw, 32);
        assertTrue(checked.findings().ok(), checked.findings().errors().toString());
        SafetensorsHeader header = checked.header().orElseThrow();
        assertEquals(List.of("b", "a"), header.tensors().stream().map(TensorEntry::name).toList(),
                "offsets need not follow header order");
        assertEquals(new TensorEntry("a", DType.F32, List.of(2L, 3L), 0, 24), header.tensor("a").orElseThrow());
        assertEquals(Map.of("format", "pt"), header.metadata());
        assertEquals(8 + HEADER_LENGTH, header.dataStart());
    }

    static Stream<Arguments> dtypeSizes() {
        return Stream.of(
                Arguments.of("BOOL", 8), Arguments.of("U8", 8), Arguments.of("I8", 8),
                Arguments.of("F8_E5M2", 8), Arguments.of("F8_E4M3", 8), Arguments.of("F8_E8M0", 8),
                Arguments.of("F4", 4), Arguments.of("F6_E2M3", 6), Arguments.of("F6_E3M2", 6),
                Arguments.of("I16", 16), Arguments.of("U16", 16), Arguments.of("F16", 16), Arguments.of("BF16", 16),
                Arguments.of("I32", 32), Arguments.of("U32", 32), Arguments.of("F32", 32),
                Arguments.of("I64", 64), Arguments.of("U64", 64), Arguments.of("F64", 64), Arguments.of("C64", 64));
    }

    @ParameterizedTest(name = "{0} is {1} bits")
    @MethodSource("dtypeSizes")
    void eachDtypeHasItsBitSizeAndSpansShapeTimesSize(String dtype, int bits) {
        assertEquals(bits, DType.fromWire(dtype).orElseThrow().bits());
        long elements = 8; // 8 elements fill whole bytes for every dtype
        long bytes = elements * bits / 8;
        assertTrue(check(header(Map.entry("t", tensor(dtype, List.of(2, 4), 0, bytes))), bytes).findings().ok());
        SafetensorsRules.Checked oneByteShort = check(header(Map.entry("t", tensor(dtype, List.of(2, 4), 0, bytes - 1))), bytes - 1);
        assertEquals(List.of("safetensors.tensors[t].data_offsets"), fields(oneByteShort.findings()));
    }

    @ParameterizedTest(name = "dtype {0} is refused")
    @CsvSource({"f32", "FLOAT32", "F128", "''"})
    void unknownDtypesAreRefused(String dtype) {
        SafetensorsRules.Checked checked = check(header(Map.entry("t", tensor(dtype, List.of(1), 0, 4))), 4);
        assertEquals(List.of("safetensors.tensors[t].dtype"), fields(checked.findings()));
        assertTrue(checked.header().isEmpty());
    }

    @Test
    void subByteDtypesMustFillWholeBytes() {
        SafetensorsRules.Checked checked = check(header(Map.entry("t", tensor("F4", List.of(3), 0, 2))), 2);
        assertEquals(List.of("safetensors.tensors[t].shape"), fields(checked.findings()));
        assertTrue(check(header(Map.entry("t", tensor("F6_E2M3", List.of(4), 0, 3))), 3).findings().ok(), "4 x 6 bits = 3 bytes");
    }

    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of("first tensor must start at 0",
                        header(Map.entry("a", tensor("F32", List.of(2), 8, 16))), 16L,
                        List.of("safetensors.tensors[a].data_offsets")),
                Arguments.of("no gap between tensors",
                        header(Map.entry("a", tensor("F32", List.of(2), 0, 8)), Map.entry("b", tensor("F32", List.of(2), 12, 20))), 20L,
                        List.of("safetensors.tensors[b].data_offsets")),
                Arguments.of("no overlap between tensors",
                        header(Map.entry("a", tensor("F32", List.of(2), 0, 8)), Map.entry("b", tensor("F32", List.of(2), 4, 12))), 12L,
                        List.of("safetensors.tensors[b].data_offsets")),
                Arguments.of("two tensors on the same bytes overlap",
                        header(Map.entry("a", tensor("F32", List.of(2), 0, 8)), Map.entry("b", tensor("F32", List.of(2), 0, 8))), 8L,
                        List.of("safetensors.tensors[b].data_offsets")),
                Arguments.of("the file must end exactly at the last tensor, not after",
                        header(Map.entry("a", tensor("F32", List.of(2), 0, 8))), 9L,
                        List.of("safetensors.file_size")),
                Arguments.of("the file must not end before the last tensor",
                        header(Map.entry("a", tensor("F32", List.of(2), 0, 8))), 7L,
                        List.of("safetensors.file_size")),
                Arguments.of("a header without tensors has no data",
                        header(Map.entry("__metadata__", Map.of())), 1L,
                        List.of("safetensors.file_size")),
                Arguments.of("data_offsets must be [begin, end]",
                        header(Map.entry("a", Map.of("dtype", "F32", "shape", List.of(2), "data_offsets", List.of(0)))), 8L,
                        List.of("safetensors.tensors[a].data_offsets")),
                Arguments.of("data_offsets must not run backwards",
                        header(Map.entry("a", tensor("F32", List.of(0), 8, 0))), 8L,
                        List.of("safetensors.tensors[a].data_offsets")),
                Arguments.of("data_offsets must not be negative",
                        header(Map.entry("a", tensor("F32", List.of(2), -8, 0))), 0L,
                        List.of("safetensors.tensors[a].data_offsets")),
                Arguments.of("shape must be non-negative",
                        header(Map.entry("a", tensor("F32", List.of(-2), 0, 8))), 8L,
                        List.of("safetensors.tensors[a].shape")),
                Arguments.of("shape must be integers",
                        header(Map.entry("a", tensor("F32", List.of(2.0), 0, 8))), 8L,
                        List.of("safetensors.tensors[a].shape")),
                Arguments.of("a shape too large to address",
                        header(Map.entry("a", tensor("F32", List.of(1L << 31, 1L << 31), 0, 8))), 8L,
                        List.of("safetensors.tensors[a].shape")),
                Arguments.of("a tensor entry must be an object",
                        header(Map.entry("a", List.of(1, 2))), 0L,
                        List.of("safetensors.tensors[a]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void layoutRulesAreReportedAgainstTheOffendingTensor(String rule, Map<String, Object> raw, long dataBytes, List<String> expected) {
        SafetensorsRules.Checked checked = check(raw, dataBytes);
        assertEquals(expected, fields(checked.findings()), rule + ": " + checked.findings().errors());
        assertTrue(checked.header().isEmpty(), "a header that breaks a rule is not returned");
    }

    @Test
    void zeroSizedTensorsAndBigIntegerOffsetsAreFine() {
        Map<String, Object> raw = header(
                Map.entry("empty", tensor("F32", List.of(0, 4), 8, 8)),
                Map.entry("a", Map.of("dtype", "F32", "shape", List.of(BigInteger.TWO),
                        "data_offsets", List.of(BigInteger.ZERO, BigInteger.valueOf(8)))));
        assertTrue(check(raw, 8).findings().ok());
    }

    @Test
    void everyBrokenTensorIsReportedAtOnce() {
        Map<String, Object> raw = header(
                Map.entry("a", tensor("F99", List.of(2), 0, 8)),
                Map.entry("b", tensor("F32", List.of(-1), 8, 16)),
                Map.entry("c", tensor("F32", List.of(3), 16, 20)));
        assertEquals(List.of("safetensors.tensors[a].dtype", "safetensors.tensors[b].shape",
                "safetensors.tensors[c].data_offsets"), fields(check(raw, 20).findings()));
    }

    static Stream<Arguments> metadata() {
        return Stream.of(
                Arguments.of(Map.of("format", 1), List.of("safetensors.__metadata__.format")),
                Arguments.of(Map.of("nested", Map.of("a", "b")), List.of("safetensors.__metadata__.nested")),
                Arguments.of(Arrays.asList("format", "pt"), List.of("safetensors.__metadata__")),
                Arguments.of("pt", List.of("safetensors.__metadata__")));
    }

    @ParameterizedTest(name = "__metadata__ {0} is refused")
    @MethodSource("metadata")
    void metadataMustBeAMapOfStrings(Object metadata, List<String> expected) {
        Map<String, Object> raw = header(Map.entry("__metadata__", metadata), Map.entry("a", tensor("U8", List.of(1), 0, 1)));
        assertEquals(expected, fields(check(raw, 1).findings()));
    }

    static Stream<Arguments> prefixes() {
        long huge = 200L * 1024 * 1024 * 1024;
        return Stream.of(
                Arguments.of("a file shorter than the 8-byte prefix", 0L, 7L, "safetensors"),
                Arguments.of("a header shorter than {}", 1L, 100L, "safetensors.header_length"),
                Arguments.of("a negative length (u64 above 2^63)", -1L, 100L, "safetensors.header_length"),
                Arguments.of("a header over 100,000,000 bytes", 100_000_001L, huge, "safetensors.header_length"),
                Arguments.of("a header running past the file's end", 93L, 100L, "safetensors.header_length"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("prefixes")
    void thePrefixAloneCanRefuseAFile(String rule, long headerLength, long fileSize, String field) {
        Findings findings = SafetensorsRules.checkPrefix(headerLength, fileSize);
        assertEquals(List.of(field), fields(findings), rule);
        assertTrue(SafetensorsRules.check(headerLength, Map.of(), fileSize).header().isEmpty());
    }

    @ParameterizedTest(name = "header length {0} in a file of {1} bytes is fine")
    @CsvSource({"2, 10", "92, 100", "100000000, 100000008", "100000000, 214748364800"})
    void headersUpTo100MillionBytesPassThePrefixCheck(long headerLength, long fileSize) {
        assertTrue(SafetensorsRules.checkPrefix(headerLength, fileSize).ok());
    }
}
