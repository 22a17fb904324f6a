package io.sail4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "5m, PT5M", "2h, PT2H", "1h30m, PT1H30M", "PT5M, PT5M", "pt90s, PT1M30S"})
    void readsShortFormsAndIso(String text, String expected) {
        assertEquals(Duration.parse(expected), converter.convert(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "5", "-5m", "0s", "5 m", "m5", "PT0S"})
    void refusesWhatIsNotAPositiveDuration(String text) {
        assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert(text));
    }
}
