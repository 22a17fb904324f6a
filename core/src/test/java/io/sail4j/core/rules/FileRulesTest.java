package io.sail4j.core.rules;

import io.sail4j.core.error.Findings;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sail4j.core.error.Violation;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

// adapter_config.json and adapter_model.safetensors can each be up to 100 GiB.
class FileRulesTest {

    @ParameterizedTest(name = "{0} bytes ok = {1}")
    @CsvSource({"0, true", "107374182400, true", "107374182401, false", "9223372036854775807, false"})
    void eachFileIsAtMost100GiB(long bytes, boolean ok) {
        Findings findings = FileRules.checkSize("weights_file", bytes);
        assertEquals(ok, findings.ok());
        if (!ok) {
            assertEquals(List.of("weights_file"), findings.errors().stream().map(Violation::field).toList());
        }
        assertEquals(107_374_182_400L, FileRules.MAX_FILE_BYTES);
    }
}
