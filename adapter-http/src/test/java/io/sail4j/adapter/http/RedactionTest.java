package io.sail4j.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What {@link Redaction} takes out of text from outside, and that scrubbing twice changes nothing more. */
class RedactionTest {
    static final String KEY = "sk_live_redaction_0123";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "invalid key sk_live_redaction_0123|invalid key <redacted>",
            "Authorization: Bearer abc.def|Authorization: Bearer <redacted>",
            "GET https://bucket.example/x.tar?X-Amz-Signature=abc&X-Amz-Expires=900 failed|GET https://bucket.example/x.tar?<redacted> failed",
            "archive http://127.0.0.1:9/a.tar.gz?<redacted> answered 403|archive http://127.0.0.1:9/a.tar.gz?<redacted> answered 403",
            "no secret here|no secret here"})
    void secretsAreReplacedOnceAndAlreadyRedactedTextStaysAsItIs(String text, String expected) {
        assertEquals(expected, Redaction.scrub(text, KEY));
        assertEquals(expected, Redaction.scrub(Redaction.scrub(text, KEY), KEY));
    }
}
