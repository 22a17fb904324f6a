package io.sail4j.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.InvalidRequestException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HttpBackendConfigTest {
    private static final String KEY = "sk_live_abcdef0123456789";

    @Test
    void defaultsPointAtSailWithAPoolSizedForThousandsOfCalls() {
        HttpBackendConfig config = HttpSailBackend.builder().apiKey(KEY).config();
        assertEquals(URI.create("https://api.sailresearch.com/v1"), config.baseUrl());
        assertEquals(4096, config.maxConnections());
        assertEquals(4096, config.maxConnectionsPerRoute());
        assertEquals(4, config.maxRetries());
        assertEquals(Duration.ofSeconds(60), config.maxRetryAfter());
        assertEquals(Duration.ofSeconds(60), config.uploadStallTimeout());
        assertEquals(64L * 1024 * 1024, config.maxResponseBytes());
        assertTrue(config.responseWait().isEmpty());
    }

    @Test
    void fromEnvReadsKeyAndBaseUrl() {
        HttpBackendConfig config = HttpSailBackend.builder()
                .fromEnv(Map.of("SAIL_API_KEY", KEY, "SAIL_BASE_URL", "http://127.0.0.1:8080/v1/"))
                .config();
        assertEquals(KEY, config.apiKey());
        assertEquals(URI.create("http://127.0.0.1:8080/v1"), config.baseUrl(), "trailing slash dropped");
    }

    @Test
    void missingKeyIsNamedWithTheVariableToSet() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> HttpSailBackend.builder().fromEnv(Map.of()).config());
        assertTrue(e.names("api_key"));
        assertTrue(e.getMessage().contains("SAIL_API_KEY"));
    }

    @Test
    void toStringNeverShowsTheKey() {
        HttpBackendConfig config = HttpSailBackend.builder().apiKey(KEY).config();
        assertFalse(config.toString().contains(KEY));
        assertFalse(config.toString().contains("abcdef"));
        assertFalse(HttpSailBackend.builder().apiKey(KEY).toString().contains(KEY));
        assertFalse(new HttpBackendModule(config).toString().contains(KEY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://api.sailresearch.com/v1", "http://10.0.0.5:8080/v1", "ftp://example.com/v1",
            "https://user:pw@api.sailresearch.com/v1", "https://api.sailresearch.com/v1?x=1", "not a url"})
    void unsafeOrMalformedBaseUrlsAreRefusedNamingBaseUrl(String url) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> HttpSailBackend.builder().apiKey(KEY).baseUrl(url).config());
        assertTrue(e.names("base_url"), e.getMessage());
        assertFalse(e.getMessage().contains("pw@"), "user info is not echoed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:9000/v1", "http://127.0.0.1:9000/v1", "http://[::1]:9000/v1",
            "https://api.sailresearch.com/v1"})
    void httpsOrLoopbackHttpIsAccepted(String url) {
        assertEquals(URI.create(url), HttpSailBackend.builder().apiKey(KEY).baseUrl(url).config().baseUrl());
    }

    @Test
    void everyBadSettingIsListedAtOnce() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> HttpSailBackend.builder()
                .apiKey(KEY).maxRetries(-1).maxConnections(0).uploadStallTimeout(Duration.ZERO).config());
        assertTrue(e.names("max_retries"));
        assertTrue(e.names("max_connections"));
        assertTrue(e.names("upload_stall_timeout"));
    }

    @Test
    void toBuilderRoundTrips() {
        HttpBackendConfig config = HttpSailBackend.builder().apiKey(KEY).maxRetries(1)
                .backoff(Duration.ofMillis(5), Duration.ofMillis(50)).responseWait(Duration.ofSeconds(3)).config();
        assertEquals(config, config.toBuilder().config());
    }
}
