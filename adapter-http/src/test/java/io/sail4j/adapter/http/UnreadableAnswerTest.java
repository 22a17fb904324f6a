package io.sail4j.adapter.http;

import static io.sail4j.adapter.http.TransportFaultTest.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.InvalidAnswerException;
import io.sail4j.ports.out.FileUpload;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A 2xx answer holding a value sail4j cannot take is an {@link InvalidAnswerException} naming the
 * field, on every path: never a request error, a date-time library's exception, or a transport
 * failure that would send a whole file again.
 */
class UnreadableAnswerTest {
    static final String FILE = "{\"id\":\"file-1\",\"object\":\"file\",\"bytes\":12,\"created_at\":1767225600,"
            + "\"filename\":\"adapter_config.json\",\"purpose\":\"lora\"}";

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"id\":\"file-1\"|\"id\":\"   \"|id",
            "\"id\":\"file-1\"|\"id\":\"a/b\"|id",
            "\"created_at\":1767225600|\"created_at\":1e300|created_at",
            "\"created_at\":1767225600|\"created_at\":-1e300|created_at",
            "\"created_at\":1767225600|\"created_at\":123456789012345678901234567890|created_at"})
    void aFileAnswerWithAnUnusableValueNamesTheField(String good, String bad, String field) {
        InvalidAnswerException e = assertThrows(InvalidAnswerException.class,
                () -> SailWire.storedFile(SailWireTest.answer(FILE.replace(good, bad))));
        assertTrue(e.getMessage().contains("field '" + field + "'"), e.getMessage());
    }

    @Test
    void aLoraValidationForABlankModelNamesTheField() {
        String lora = TransportFaultTest.loraJson("my-lora", "file-c", "file-w").replace("\"validations\":[]",
                "\"validations\":[{\"id\":\"val-1\",\"model\":\" \",\"status\":\"succeeded\",\"created_at\":1767225600}]");
        InvalidAnswerException e = assertThrows(InvalidAnswerException.class, () -> SailWire.lora(SailWireTest.answer(lora)));
        assertTrue(e.getMessage().contains("field 'model'"), e.getMessage());
    }

    @Test
    void anUploadAnsweredWithAnUnreadableFileFailsOnceWithoutSendingTheFileAgain() throws Exception {
        Path file = StreamingUploadTest.randomFile(dir, "adapter_config.json", 1024);
        try (LocalServer server = new LocalServer();
             HttpSailBackend sail = TransportFaultTest.backend(server.baseUrl()).build()) {
            server.on("POST /v1/files", (request, exchange) -> LocalServer.json(exchange, 200,
                    FILE.replace("\"created_at\":1767225600", "\"created_at\":1e300")));
            server.on("GET /v1/files/file-9", (request, exchange) -> LocalServer.json(exchange, 200,
                    FILE.replace("\"id\":\"file-1\"", "\"id\":\" \"")));

            InvalidAnswerException upload = assertInstanceOf(InvalidAnswerException.class, failure(sail.uploadFile(FileUpload.lora(file))));
            InvalidAnswerException get = assertInstanceOf(InvalidAnswerException.class,
                    failure(sail.getFile(io.sail4j.core.lora.FileId.of("file-9"))));

            assertTrue(upload.getMessage().contains("field 'created_at'"), upload.getMessage());
            assertTrue(get.getMessage().contains("field 'id'"), get.getMessage());
            assertEquals(1, server.requestsTo("POST", "/v1/files").size(), "the file was sent once");
        }
    }
}
