package io.sail4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The probe side of {@link ForkedJvm}: a probe prints {@link #READY} when it is set up, waits for
 * "go" on standard input, does the measured work and prints one line of JSON after {@link #RESULT_PREFIX}.
 */
final class Probes {
    static final String READY = "BENCH-READY";
    static final String RESULT_PREFIX = "BENCH-RESULT ";
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private Probes() {
    }

    /** Says ready and blocks until the parent says go. */
    static void readyThenWait() {
        System.out.println(READY);
        System.out.flush();
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
            if (!"go".equals(line)) {
                throw new IllegalStateException("expected go, got " + line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void emit(Map<String, ?> result) {
        try {
            System.out.println(RESULT_PREFIX + JSON.writeValueAsString(result));
            System.out.flush();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
