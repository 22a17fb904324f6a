package io.sail4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Sail API key, a Tinker API key and a signed URL's query string, all marked, go through the flows
 * of {@link SecretFlowsMain} (Tinker completions, a registration, 401s, transport failures, retried
 * faults, timeouts, echoing servers) in a JVM of its own whose whole output -- sail4j's logs at trace,
 * the libraries' at info, and every exception's message, toString, fields and stack trace -- is
 * captured. The mark appears nowhere in it.
 */
class SecretsStayHiddenTest {
    @TempDir
    Path dir;

    /** Each flow and how it must end: "ok" or the exception's simple name. */
    static final List<String> OUTCOMES = List.of(
            "FLOW tinker checkpoint completion: ok",
            "FLOW signed URL completion: ok",
            "FLOW revoked signed URL completion: ResponseFailedException",
            "FLOW Tinker refusing the key: AuthenticationException",
            "FLOW Tinker error naming a signed URL: NotFoundException",
            "FLOW registration: ok",
            "FLOW completion retried through injected faults: ok",
            "FLOW upload retried after a reset mid-body: ok",
            "FLOW transport failure: connection reset: TransportException",
            "FLOW transport failure: connection refused: TransportException",
            "FLOW 401 for an unknown key: AuthenticationException",
            "FLOW 401 echoing the key: AuthenticationException",
            "FLOW 400 echoing the signed URL: BadRequestException",
            "FLOW timeout of a call with a signed URL: SailTimeoutException",
            "FLOW API key that is not printable: InvalidRequestException",
            "FLOW Tinker key that is not printable: InvalidRequestException",
            "FLOW base URL carrying the key over plain http: InvalidRequestException",
            "FLOW Tinker base URL carrying the key: InvalidRequestException",
            "FLOW signed URL as a text request's metadata: InvalidRequestException");

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void noLogLineOrExceptionTextShowsAKeyOrASignedQuery() throws Exception {
        Path log = dir.resolve("flows.log");
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.log.io.sail4j=trace",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-cp", System.getProperty("java.class.path"),
                SecretFlowsMain.class.getName(), dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean exited = child.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            child.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(exited, "the flows finished in time:\n" + output);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("ALL FLOWS RAN"), output);

        for (String outcome : OUTCOMES) {
            assertTrue(output.contains(outcome + (outcome.endsWith(": ok") ? " (" : "\n")), "expected '" + outcome + "' in:\n" + output);
        }
        assertTrue(count(output, "tinker calls with the key: (\\d+)") > 0, "the Tinker key was sent and accepted");
        assertTrue(count(output, "archives served with the signature: (\\d+)") > 0, "Sail fetched the signed URL with its query");
        assertTrue(output.contains("lora=1"), "the registration used the Sail key: " + output);
        for (String logged : List.of("DEBUG io.sail4j.adapter.http", "retrying in", "-> 202", "DEBUG io.sail4j.adapter.tinker")) {
            assertTrue(output.contains(logged), "the capture holds sail4j's debug logs (" + logged + "):\n" + output);
        }

        List<String> leaks = output.lines().filter(line -> line.contains(SecretFlowsMain.MARK)).toList();
        assertEquals(List.of(), leaks, "no output line shows a secret");
        assertTrue(output.contains("?<redacted>") && !output.contains("<redacted><redacted>"),
                "a redacted URL still shows where it points, once redacted:\n" + output);
    }

    private static long count(String output, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(output);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
