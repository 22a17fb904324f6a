package io.sail4j.core.tinker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.InvalidRequestException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

// A signed URL's query string is the credential: it never appears in toString, redacted() or an error.
class SignedCheckpointUrlTest {
    static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");
    static final String SECRET = "s3cr3tSig";

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({
            "https://storage.example/ckpt/archive.tar?X-Amz-Signature=" + SECRET + "&X-Amz-Expires=900, https://storage.example/ckpt/archive.tar?<redacted>",
            "https://user:" + SECRET + "@storage.example:8443/a.tar?sig=" + SECRET + ", https://storage.example:8443/a.tar?<redacted>",
            "http://127.0.0.1:9000/a.tar#" + SECRET + ", http://127.0.0.1:9000/a.tar?<redacted>",
            "https://storage.example/a.tar, https://storage.example/a.tar"})
    void toStringAndRedactedNeverShowTheCredential(String url, String redacted) {
        SignedCheckpointUrl signed = SignedCheckpointUrl.of(url, EXPIRES);
        assertEquals(redacted, signed.redacted());
        assertFalse(signed.toString().contains(SECRET), signed.toString());
        assertFalse(signed.redacted().contains(SECRET));
        assertEquals("SignedCheckpointUrl[" + redacted + ", expires 2030-01-01T00:00:00Z]", signed.toString());
        assertEquals(URI.create(url), signed.url(), "the full URL is still there to send");
    }

    @ParameterizedTest(name = "{0} is refused without leaking its query")
    @CsvSource({
            "ftp://storage.example/a.tar?sig=" + SECRET,
            "file:///tmp/a.tar?sig=" + SECRET,
            "/relative/a.tar?sig=" + SECRET,
            "https://storage.example/a b.tar?sig=" + SECRET,
            "https:///a.tar?sig=" + SECRET})
    void invalidUrlsAreRefusedWithoutShowingTheQuery(String url) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> SignedCheckpointUrl.of(url, EXPIRES));
        assertTrue(e.names("tinker_lora_signed_url"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GET https://bucket.example/x.tar?X-Amz-Signature=abc&X-Amz-Expires=900 failed|GET https://bucket.example/x.tar?<redacted> failed",
            "\"http://127.0.0.1:9/a.tar.gz#sig=abc\" and HTTPS://B.example/?k=v|\"http://127.0.0.1:9/a.tar.gz?<redacted>\" and HTTPS://B.example/?<redacted>",
            "archive http://127.0.0.1:9/a.tar.gz?<redacted> answered 403|archive http://127.0.0.1:9/a.tar.gz?<redacted> answered 403",
            "tinker://run/sampler_weights/x?not=a-url-with-a-credential|tinker://run/sampler_weights/x?not=a-url-with-a-credential",
            "no URL here|no URL here"})
    void urlsInTextLoseTheirQueryOnce(String text, String expected) {
        assertEquals(expected, SignedCheckpointUrl.redactUrlsIn(text));
        assertEquals(expected, SignedCheckpointUrl.redactUrlsIn(SignedCheckpointUrl.redactUrlsIn(text)));
    }

    @Test
    void expiryIsJudgedWithAMargin() {
        SignedCheckpointUrl signed = SignedCheckpointUrl.of("https://s.example/a.tar?sig=x", EXPIRES);
        assertFalse(signed.expiresWithin(Duration.ofMinutes(1), EXPIRES.minus(Duration.ofMinutes(2))));
        assertTrue(signed.expiresWithin(Duration.ofMinutes(1), EXPIRES.minus(Duration.ofMinutes(1))));
        assertTrue(signed.expiresWithin(Duration.ZERO, EXPIRES.plusSeconds(1)));
    }
}
