package io.sail4j.ports.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.error.Findings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

// Preflight of a PEFT adapter directory: the parsed config and the safetensors header only, then every
// core rule for the target model.
class LocalAdapterTest {
    static final BaseModel KIMI = ModelCatalog.builtIn().find(ModelCatalog.KIMI_K2_6).orElseThrow();

    @TempDir
    Path dir;

    static List<String> fields(List<Violation> violations) {
        return violations.stream().map(Violation::field).distinct().toList();
    }

    static Stream<Arguments> validAdapters() {
        return Stream.of(
                Arguments.of("the default rank-8 attention adapter", UnaryOperator.<SyntheticAdapter>identity()),
                Arguments.of("Tinker's model.layers.N prefix", (UnaryOperator<SyntheticAdapter>) a -> a.tinkerPrefix(true)),
                Arguments.of("rank 32 with experts and lm_head", (UnaryOperator<SyntheticAdapter>) a -> a.rank(32).experts(2).lmHead(true)),
                Arguments.of("the dense layer 0", (UnaryOperator<SyntheticAdapter>) a -> a.layers(0).modules("mlp.gate_proj", "mlp.down_proj")));
    }

    @ParameterizedTest(name = "{0} passes preflight")
    @MethodSource("validAdapters")
    void validAdaptersPassEveryRule(String why, UnaryOperator<SyntheticAdapter> variant) throws IOException {
        SyntheticAdapter.Written written = variant.apply(SyntheticAdapter.kimi()).writeTo(dir);
        LocalAdapter adapter = LocalAdapter.read(dir);
        Findings findings = adapter.checkFor(KIMI);
        assertEquals(List.of(), findings.errors(), why);
        assertEquals(List.of(), findings.warnings(), why);
        assertEquals(Files.size(written.configFile()) + 8 + written.headerBytes(), adapter.bytesRead(), "only the header is read");
        assertEquals(written.weightsBytes(), adapter.weightsBytes());
        assertEquals(written.tensors(), adapter.header().orElseThrow().tensors().size());
    }

    static Stream<Arguments> brokenAdapters() {
        return Stream.of(
                Arguments.of("rank above Kimi's 32", (UnaryOperator<SyntheticAdapter>) a -> a.rank(64), List.of("adapter_config.r")),
                Arguments.of("peft_type not LORA", (UnaryOperator<SyntheticAdapter>) a -> a.configField("peft_type", "IA3"),
                        List.of("adapter_config.peft_type")),
                Arguments.of("task_type not CAUSAL_LM", (UnaryOperator<SyntheticAdapter>) a -> a.configField("task_type", "SEQ_CLS"),
                        List.of("adapter_config.task_type")),
                Arguments.of("weights of rank 16 under r = 8", (UnaryOperator<SyntheticAdapter>) a -> a.rank(16).configField("r", 8)
                        .layers(1).modules("self_attn.o_proj"),
                        List.of("adapter_model.safetensors[base_model.model.language_model.model.layers.1.self_attn.o_proj.lora_A.weight]",
                                "adapter_model.safetensors[base_model.model.language_model.model.layers.1.self_attn.o_proj.lora_B.weight]")),
                Arguments.of("an adapter for a model with hidden size 4096",
                        (UnaryOperator<SyntheticAdapter>) a -> a.inFeatures(4096).layers(1).modules("self_attn.q_a_proj"),
                        List.of("adapter_model.safetensors[base_model.model.language_model.model.layers.1.self_attn.q_a_proj.lora_A.weight]")));
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("brokenAdapters")
    void brokenAdaptersAreRefusedNamingTheRule(String why, UnaryOperator<SyntheticAdapter> variant, List<String> expected) {
        variant.apply(SyntheticAdapter.kimi()).writeTo(dir);
        LocalAdapter adapter = LocalAdapter.read(dir);
        assertTrue(adapter.readFindings().ok(), adapter.readFindings().errors().toString());
        assertEquals(expected, fields(adapter.checkFor(KIMI).errors()), why);
    }

    @Test
    void aMissingBaseModelIsOnlyAWarning() {
        SyntheticAdapter.kimi().configField("base_model_name_or_path", null).writeTo(dir);
        Findings findings = LocalAdapter.read(dir).checkFor(KIMI);
        assertTrue(findings.ok(), findings.errors().toString());
        assertEquals(List.of("adapter_config.base_model_name_or_path"), fields(findings.warnings()));
    }

    @Test
    void aConfigThatIsNotJsonIsAReadFindingAndTheWeightsAreStillRead() throws IOException {
        SyntheticAdapter.kimi().writeTo(dir);
        Files.writeString(dir.resolve(LocalAdapter.CONFIG_FILE), "{\"r\": 8, \"r\": 16}");
        LocalAdapter adapter = LocalAdapter.read(dir);
        assertEquals(List.of("adapter_config"), fields(adapter.readFindings().errors()));
        assertTrue(adapter.config().isEmpty());
        assertTrue(adapter.header().isPresent());
        assertEquals(List.of("adapter_config"), fields(adapter.checkFor(KIMI).errors()));
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        Files.createDirectories(dir);
        LocalAdapter adapter = LocalAdapter.read(dir);
        assertEquals(List.of("config_file", "weights_file"), fields(adapter.readFindings().errors()));
        assertEquals(0, adapter.bytesRead());
    }

    @Test
    void aPathThatIsNotADirectoryIsRefused() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> LocalAdapter.read(dir.resolve("nowhere")));
        assertTrue(e.names("adapter_dir"), e.getMessage());
    }

    @Test
    void aSparseAdapterIsPreflightedFromItsHeaderAlone() throws IOException {
        SyntheticAdapter.Written written = SyntheticAdapter.kimi().rank(32).layers(1, 2, 3).experts(16).lmHead(true)
                .sparse(true).writeTo(dir);
        LocalAdapter adapter = LocalAdapter.read(dir);
        assertTrue(adapter.checkFor(KIMI).ok(), adapter.checkFor(KIMI).errors().toString());
        assertEquals(Files.size(written.configFile()) + 8 + written.headerBytes(), adapter.bytesRead());
        assertTrue(adapter.weightsBytes() > 100 * adapter.bytesRead(), "the data section is never read");
    }
}
