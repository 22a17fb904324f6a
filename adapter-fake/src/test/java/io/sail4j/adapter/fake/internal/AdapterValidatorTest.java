package io.sail4j.adapter.fake.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sail4j.adapter.fake.ValidationResultCodes;
import io.sail4j.core.lora.ValidationStatus;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.model.ModelId;
import io.sail4j.ports.local.SyntheticAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each kind of broken adapter, and the result code its validation ends with. */
class AdapterValidatorTest {
    private static final BaseModel KIMI = ModelCatalog.builtIn().find(ModelCatalog.KIMI_K2_6).orElseThrow();

    @TempDir
    Path dir;

    static Stream<Arguments> adapters() {
        return Stream.of(
                Arguments.of("valid", (UnaryOperator<SyntheticAdapter>) a -> a, ValidationStatus.SUCCEEDED, null),
                Arguments.of("Tinker layer names", (UnaryOperator<SyntheticAdapter>) a -> a.tinkerPrefix(true), ValidationStatus.SUCCEEDED, null),
                Arguments.of("rank 64", (UnaryOperator<SyntheticAdapter>) a -> a.rank(64), ValidationStatus.FAILED,
                        ValidationResultCodes.RANK_TOO_LARGE),
                Arguments.of("not LORA", (UnaryOperator<SyntheticAdapter>) a -> a.configField("peft_type", "IA3"), ValidationStatus.FAILED,
                        ValidationResultCodes.INVALID_ADAPTER_CONFIG),
                Arguments.of("not causal", (UnaryOperator<SyntheticAdapter>) a -> a.configField("task_type", "SEQ_CLS").rank(64),
                        ValidationStatus.FAILED, ValidationResultCodes.INVALID_ADAPTER_CONFIG),
                Arguments.of("another model's shapes", (UnaryOperator<SyntheticAdapter>) a -> a.inFeatures(4096), ValidationStatus.FAILED,
                        ValidationResultCodes.SHAPE_MISMATCH),
                Arguments.of("config r disagrees", (UnaryOperator<SyntheticAdapter>) a -> a.configField("r", 4), ValidationStatus.FAILED,
                        ValidationResultCodes.SHAPE_MISMATCH));
    }

    private static FileContent content(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return FileContent.read(in);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adapters")
    void validationEndsWithTheDocumentedCode(String name, UnaryOperator<SyntheticAdapter> variant, ValidationStatus status, String code)
            throws IOException {
        SyntheticAdapter.Written written = variant.apply(SyntheticAdapter.kimi()).writeTo(dir);
        AdapterValidator.Verdict verdict = AdapterValidator.validate(content(written.configFile()), content(written.weightsFile()), KIMI);
        assertEquals(status, verdict.status(), verdict.message());
        assertEquals(code, verdict.code());
    }

    @Test
    void weightsThatAreNotSafetensorsAreInvalid() throws IOException {
        SyntheticAdapter.Written written = SyntheticAdapter.kimi().writeTo(dir);
        Path junk = Files.write(dir.resolve("junk"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        AdapterValidator.Verdict verdict = AdapterValidator.validate(content(written.configFile()), content(junk), KIMI);
        assertEquals(ValidationResultCodes.INVALID_SAFETENSORS, verdict.code());
    }

    @Test
    void aModelWithoutArchitectureIsUnverified() throws IOException {
        SyntheticAdapter.Written written = SyntheticAdapter.kimi().writeTo(dir);
        AdapterValidator.Verdict verdict = AdapterValidator.validate(content(written.configFile()), content(written.weightsFile()),
                BaseModel.known(ModelId.of("x/y")));
        assertEquals(ValidationStatus.UNVERIFIED, verdict.status());
        assertEquals(ValidationResultCodes.NO_ARCHITECTURE, verdict.code());
    }
}
