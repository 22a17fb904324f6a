package io.sail4j.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

// Completion windows are an open value: asap, priority, standard and flex are known; Sail has renamed
// windows before, so any other name is kept exactly as given.
class CompletionWindowTest {

    @ParameterizedTest(name = "{0} is a known window")
    @ValueSource(strings = {"asap", "priority", "standard", "flex"})
    void theFourDocumentedWindowsAreKnownConstants(String name) {
        CompletionWindow window = CompletionWindow.of(name);
        assertTrue(window.isKnown());
        assertTrue(CompletionWindow.KNOWN.contains(window));
        assertEquals(name, window.toString());
    }

    @Test
    void theConstantsCarryTheWireNames() {
        assertEquals(List.of("asap", "priority", "standard", "flex"),
                List.of(CompletionWindow.ASAP.name(), CompletionWindow.PRIORITY.name(),
                        CompletionWindow.STANDARD.name(), CompletionWindow.FLEX.name()));
        assertSame(CompletionWindow.KNOWN, CompletionWindow.KNOWN);
    }

    @ParameterizedTest(name = "{0} is kept as given")
    @ValueSource(strings = {"overnight", "Flex", "batch-24h", "priority "})
    void unknownNamesAreKeptAsGiven(String name) {
        CompletionWindow window = CompletionWindow.of(name);
        assertFalse(window.isKnown());
        assertEquals(name, window.name());
        assertEquals(name, window.toString());
        assertEquals(CompletionWindow.of(name), window);
    }

    @Test
    void namesAreCompareExactly() {
        assertNotEquals(CompletionWindow.FLEX, CompletionWindow.of("FLEX"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t"})
    void aBlankWindowIsRefusedNamingTheField(String name) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> CompletionWindow.of(name));
        assertTrue(e.names("completion_window"), e.getMessage());
    }
}
