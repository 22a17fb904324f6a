package io.sail4j.core.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

// The stop argument accepts a string, a list of strings, or token ids (the tinker-cookbook contract).
class StopConditionTest {

    @Test
    void aStringAListOfStringsOrTokenIds() {
        assertEquals(new StopCondition.Strings(List.of("\n")), StopCondition.string("\n"));
        assertEquals(List.of("\n", "###"), assertInstanceOf(StopCondition.Strings.class, StopCondition.strings("\n", "###")).strings());
        StopCondition.TokenIds ids = assertInstanceOf(StopCondition.TokenIds.class, StopCondition.tokens(163585, 0));
        assertArrayEquals(new int[] {163585, 0}, ids.ids());
        assertTrue(ids.contains(0));
        assertFalse(ids.contains(1));
        assertInstanceOf(StopCondition.None.class, StopCondition.none());
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("no strings", (Runnable) () -> StopCondition.strings(List.of()), "stop"),
                Arguments.of("an empty string", (Runnable) () -> StopCondition.strings("\n", ""), "stop"),
                Arguments.of("no token ids", (Runnable) StopCondition::tokens, "stop_token_ids"),
                Arguments.of("a negative token id", (Runnable) () -> StopCondition.tokens(5, -1), "stop_token_ids"));
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("invalid")
    void emptyOrNegativeStopsAreRefusedNamingTheField(String why, Runnable build, String field) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, build::run, why);
        assertTrue(e.names(field), e.getMessage());
    }

    @Test
    void stopsAreImmutableCopies() {
        int[] source = {1, 2};
        StopCondition.TokenIds ids = (StopCondition.TokenIds) StopCondition.tokens(source);
        source[0] = 99;
        ids.ids()[1] = 99;
        assertArrayEquals(new int[] {1, 2}, ids.ids());
        assertEquals(StopCondition.tokens(1, 2), ids);
        List<String> strings = new ArrayList<>(List.of("a"));
        StopCondition.Strings stop = (StopCondition.Strings) StopCondition.strings(strings);
        strings.add("b");
        assertEquals(List.of("a"), stop.strings());
    }
}
