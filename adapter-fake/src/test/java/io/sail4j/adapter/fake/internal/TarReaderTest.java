package io.sail4j.adapter.fake.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.ports.local.LocalAdapter;
import io.sail4j.ports.local.SyntheticAdapter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TarReaderTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void readsBothAdapterFilesFromAPlainOrGzippedArchive(boolean gzip) throws IOException {
        Path archive = SyntheticAdapter.kimi().writeArchive(dir.resolve("ckpt.tar" + (gzip ? ".gz" : "")), gzip);
        SyntheticAdapter.Written reference = SyntheticAdapter.kimi().writeTo(dir.resolve("ref"));
        try (InputStream in = Files.newInputStream(archive)) {
            Map<String, FileContent> files = TarReader.read(in, Set.of(LocalAdapter.CONFIG_FILE, LocalAdapter.WEIGHTS_FILE));
            assertEquals(Files.size(reference.weightsFile()), files.get(LocalAdapter.WEIGHTS_FILE).size());
            assertEquals(Digests.sha256Hex(Files.readAllBytes(reference.configFile())), files.get(LocalAdapter.CONFIG_FILE).sha256());
        }
    }

    @Test
    void somethingThatIsNotATarIsRefused() {
        byte[] junk = new byte[1024];
        java.util.Arrays.fill(junk, (byte) 'x');
        assertThrows(IOException.class, () -> TarReader.read(new ByteArrayInputStream(junk), Set.of("a")));
    }

    @Test
    void anEmptyStreamHoldsNothing() throws IOException {
        assertTrue(TarReader.read(new ByteArrayInputStream(new byte[0]), Set.of("a")).isEmpty());
    }
}
