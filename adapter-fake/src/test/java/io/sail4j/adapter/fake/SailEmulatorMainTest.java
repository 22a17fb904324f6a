package io.sail4j.adapter.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SailEmulatorMainTest {

    @Test
    void startsWithFaultsAndDelaysFromTheCommandLine() {
        ByteArrayOutputStream notes = new ByteArrayOutputStream();
        try (SailEmulator emulator = SailEmulatorMain.start(new String[] {"--port", "0", "--faults", "GET /v1/models=503x1",
            "--validation-delay", "2", "--response-delay", "2"}, new PrintStream(notes, true, StandardCharsets.UTF_8))) {
            Wire wire = new Wire(emulator.baseUrl(), "sk_cli");
            assertEquals(503, wire.get("/models").status());
            assertEquals(200, wire.get("/models").status());
            assertTrue(notes.toString(StandardCharsets.UTF_8).contains(emulator.baseUrl().toString()));
        }
    }

    @Test
    void helpStartsNothingAndUnknownFlagsAreRefused() {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertNull(SailEmulatorMain.start(new String[] {"--help"}, quiet));
        assertThrows(IllegalArgumentException.class, () -> SailEmulatorMain.start(new String[] {"--bogus"}, quiet));
        assertThrows(IllegalArgumentException.class, () -> SailEmulatorMain.start(new String[] {"--port"}, quiet));
        assertTrue(SailEmulatorMain.usage().contains("--faults"));
    }
}
