package io.sail4j.adapter.tinker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.junit.jupiter.api.Test;

/** Tinker's own words go into exceptions, without the API key or any signed URL's query they may hold. */
class TinkerErrorMessageTest {
    static final String KEY = "tml-error-message-key-0123";
    final TinkerAnswers answers = new TinkerAnswers(new ObjectMapper(), KEY);

    static SimpleHttpResponse answer(int status, String body) {
        return SimpleHttpResponse.create(status, body, ContentType.APPLICATION_JSON);
    }

    @Test
    void aSignedUrlInTheMessageLosesItsQuery() {
        String message = answers.message(answer(404, "{\"detail\":\"the archive at https://storage.example/ckpt.tar?"
                + "X-Amz-Signature=secret-signature&X-Amz-Expires=900 was deleted\"}"));
        assertEquals("the archive at https://storage.example/ckpt.tar?<redacted> was deleted", message);
    }

    @Test
    void aKeyStraddlingTheLengthCapIsStillRemovedWhole() {
        String message = answers.message(answer(401, "x".repeat(490) + " key " + KEY + " is not valid"));
        assertFalse(message.contains(KEY.substring(0, 4)), message);
        assertTrue(message.endsWith("..."), message);
    }
}
