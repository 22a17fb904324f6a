package io.sail4j.core.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

// Sail's naming rule: 2-64 characters, lowercase letters, digits and dashes, alphanumeric at both ends.
class LoraNameTest {

    static Stream<Arguments> validNames() {
        return Stream.of(
                Arguments.of("ab", "two characters is the shortest name"),
                Arguments.of("a1", "digits count as alphanumeric at the end"),
                Arguments.of("0x", "a name may start with a digit"),
                Arguments.of("funnier-v1", "dashes inside a name are allowed"),
                Arguments.of("a--b", "consecutive dashes inside are allowed"),
                Arguments.of("a".repeat(64), "64 characters is the longest name"),
                Arguments.of("a" + "-".repeat(62) + "b", "64 characters with dashes between alphanumeric ends"));
    }

    @ParameterizedTest(name = "accepted: {1}")
    @MethodSource("validNames")
    void acceptsNamesWithinTheDocumentedRule(String name, String why) {
        assertTrue(LoraName.isValid(name), why);
        assertEquals(name, LoraName.of(name).value());
        assertTrue(LoraName.violation("name", name).isEmpty());
    }

    static Stream<Arguments> invalidNames() {
        return Stream.of(
                Arguments.of(null, "a name is required"),
                Arguments.of("", "empty is shorter than 2 characters"),
                Arguments.of("a", "one character is shorter than 2 characters"),
                Arguments.of("a".repeat(65), "65 characters is longer than 64"),
                Arguments.of("Funnier-v1", "uppercase letters are not in [a-z0-9-]"),
                Arguments.of("funnier_v1", "underscore is not in [a-z0-9-]"),
                Arguments.of("funnier.v1", "dot is not in [a-z0-9-]"),
                Arguments.of("funnier v1", "space is not in [a-z0-9-]"),
                Arguments.of("caf\u00e9", "non-ASCII letters are not in [a-z0-9-]"),
                Arguments.of("-funnier", "a leading dash: must start alphanumeric"),
                Arguments.of("funnier-", "a trailing dash: must end alphanumeric"),
                Arguments.of("--", "dashes only: neither end alphanumeric"),
                Arguments.of("ab\n", "a trailing newline is not in [a-z0-9-]"));
    }

    @ParameterizedTest(name = "refused: {1}")
    @MethodSource("invalidNames")
    void refusesNamesOutsideTheDocumentedRuleNamingTheField(String name, String why) {
        assertFalse(LoraName.isValid(name), why);
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> LoraName.of(name), why);
        assertEquals(1, e.violations().size());
        Violation violation = e.violations().get(0);
        assertEquals("name", violation.field());
        assertEquals(LoraName.RULE, violation.rule());
        assertEquals("supported_models[0].lora", LoraName.violation("supported_models[0].lora", name).orElseThrow().field());
    }
}
