package io.sail4j.core.rules;

import io.sail4j.core.error.Findings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.Violation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

// Base URLs: https anywhere, plain http only to loopback (the API key would travel in clear), never
// with user info, a query or a fragment; the error names the field it was given.
class EndpointRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "https://tinker.thinkingmachines.dev/services/tinker-prod", "https://api.sailresearch.com/v1",
            "http://127.0.0.1:8080", "http://localhost:9/x", "http://[::1]:8080/api", "HTTPS://Example.com"})
    void acceptsHttpsAndLoopbackHttp(String url) {
        assertTrue(EndpointRules.checkBaseUrl("TINKER_BASE_URL", url).ok(), url);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://tinker.example.com|must use https unless the host is loopback",
            "ftp://tinker.example.com|must be an absolute https URL",
            "tinker.example.com/api|must be an absolute https URL",
            "'not a url'|must be an absolute https URL",
            "''|must be an absolute https URL",
            "https://user:pw@tinker.example.com|must not carry user info",
            "https://tinker.example.com/api?key=x|must not have a query string"})
    void refusesNamingTheFieldAndTheRule(String url, String rule) {
        Findings findings = EndpointRules.checkBaseUrl("TINKER_BASE_URL", url);
        assertFalse(findings.ok(), url);
        Violation first = findings.errors().get(0);
        assertEquals("TINKER_BASE_URL", first.field());
        assertTrue(first.rule().startsWith(rule), first.rule());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://user:secret-pw@tinker.example.com", "https://tinker.example.com/api?key=secret-pw",
            "http://user:secret-pw@tinker.example.com", "http://tinker.example.com/api?key=secret-pw",
            "ftp://user:secret-pw@tinker.example.com/x?key=secret-pw", "https://tinker.example.com/api?key=secret-pw and more"})
    void neverEchoesUserInfoOrQueryString(String url) {
        Findings findings = EndpointRules.checkBaseUrl("TINKER_BASE_URL", url);
        assertFalse(findings.errors().toString().contains("secret-pw"), findings.errors().toString());
        assertTrue(findings.errors().stream().allMatch(v -> v.value().contains("tinker.example.com")), "still says which URL");
    }

    @ParameterizedTest
    @CsvSource({"localhost,true", "127.0.0.1,true", "127.1.2.3,true", "::1,true", "[::1],true", "api.localhost,true",
            "10.0.0.1,false", "example.com,false", "127.0.0.1.example.com,false"})
    void loopbackIsDecidedByNameWithoutDns(String host, boolean loopback) {
        assertEquals(loopback, EndpointRules.isLoopback(host));
    }
}
