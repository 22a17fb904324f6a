package io.sail4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sail4j.adapter.fake.SailEmulator;
import io.sail4j.ports.local.SyntheticAdapter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code sail} command end to end: picocli parsing, the HTTP transport over loopback, and the
 * emulator answering as Sail would. Each test acts as an organization of its own (its own API key).
 */
class SailCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SailEmulator emulator;

    @TempDir
    Path temp;

    private final String apiKey = "sk_test_" + UUID.randomUUID();

    @BeforeAll
    static void startEmulator() {
        emulator = SailEmulator.start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }

        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    private Map<String, String> env() {
        return Map.of("SAIL_API_KEY", apiKey, "SAIL_BASE_URL", emulator.baseUrl().toString());
    }

    private Run sail(String... args) {
        return sail(env(), args);
    }

    private Run sail(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = SailCli.run(context(out, err, env, new CompletableFuture<>()), args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static CliContext context(Writer out, Writer err, Map<String, String> env, CompletableFuture<Void> stop) {
        return new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), env, false, stop);
    }

    private Path adapter(String name, Function<SyntheticAdapter, SyntheticAdapter> shape) {
        return shape.apply(SyntheticAdapter.kimi()).writeTo(temp.resolve(name)).directory();
    }

    private Path validAdapter() {
        return adapter("valid", a -> a);
    }

    private static void assertExit(int expected, Run run) {
        assertEquals(expected, run.exitCode(), run::toString);
    }

    private static void assertContains(String text, String expected, Run run) {
        assertTrue(text.contains(expected), () -> "expected '" + expected + "' in\n" + run);
    }

    @Test
    void checkExitsZeroForAValidAdapterAndOneListingEveryViolation() {
        record Case(String name, Function<SyntheticAdapter, SyntheticAdapter> shape, int exitCode, List<String> listed) {
        }
        List<Case> cases = List.of(
                new Case("valid", a -> a, ExitCodes.OK, List.of("ok: ", "moonshotai/Kimi-K2.6")),
                new Case("rank-64", a -> a.rank(64), ExitCodes.REFUSED,
                        List.of("adapter_config.r: must be at most moonshotai/Kimi-K2.6's max rank 32 (got 64)")),
                new Case("two-problems", a -> a.rank(64).configField("peft_type", "PROMPT_TUNING"), ExitCodes.REFUSED,
                        List.of("breaks 2 rules", "adapter_config.peft_type", "adapter_config.r")),
                new Case("other-model", a -> a.inFeatures(4096), ExitCodes.REFUSED, List.of("adapter_model.safetensors")));
        for (Case c : cases) {
            // Offline: no key in the environment.
            Run run = sail(Map.of(), "check", adapter(c.name(), c.shape()).toString(), "--model", "moonshotai/Kimi-K2.6");
            assertEquals(c.exitCode(), run.exitCode(), () -> c.name() + ": " + run);
            c.listed().forEach(text -> assertContains(run.out(), text, run));
        }
        Run missing = sail(Map.of(), "check", temp.resolve("nowhere").toString());
        assertExit(ExitCodes.REFUSED, missing);
        assertContains(missing.out(), "adapter_dir", missing);
    }

    @Test
    void checkWithJsonListsViolationsByField() throws Exception {
        Run run = sail(Map.of(), "check", adapter("rank-64", a -> a.rank(64)).toString(), "--json");
        assertExit(ExitCodes.REFUSED, run);
        JsonNode result = run.json();
        assertFalse(result.get("ok").asBoolean());
        assertEquals("adapter_config.r", result.get("errors").get(0).get("field").asText());
        assertEquals("64", result.get("errors").get(0).get("value").asText());
    }

    @Test
    void registerWithWaitUploadsCreatesAndValidatesThenGetAndListShowIt() throws Exception {
        Run register = sail("loras", "register", validAdapter().toString(), "--name", "funnier-v1",
                "--model", "moonshotai/Kimi-K2.6", "--wait", "--timeout", "30s");
        assertExit(ExitCodes.OK, register);
        assertContains(register.out(), "registered lora funnier-v1", register);
        assertContains(register.out(), "uploaded adapter_config.json as file-", register);
        assertContains(register.out(), "validation  moonshotai/Kimi-K2.6: succeeded", register);

        Run get = sail("loras", "get", "funnier-v1");
        assertExit(ExitCodes.OK, get);
        assertContains(get.out(), "validation  moonshotai/Kimi-K2.6: succeeded", get);

        Run list = sail("loras", "list");
        assertExit(ExitCodes.OK, list);
        assertContains(list.out(), "funnier-v1", list);
        assertContains(list.out(), "succeeded", list);

        JsonNode lora = sail("loras", "get", "funnier-v1", "--json").json();
        assertEquals("funnier-v1", lora.get("name").asText());
        assertEquals("succeeded", lora.get("validations").get(0).get("status").asText());
        assertEquals(1, sail("--json", "loras", "list").json().get("data").size());
    }

    @Test
    void registerThenWaitForValidation() {
        assertExit(ExitCodes.OK, sail("loras", "register", validAdapter().toString(), "--name", "later"));
        Run wait = sail("loras", "wait", "later", "--model", "moonshotai/Kimi-K2.6", "--timeout", "30s");
        assertExit(ExitCodes.OK, wait);
        assertContains(wait.out(), "lora later is validated", wait);
    }

    @Test
    void registerRefusesABadAdapterBeforeUploadingAnything() {
        long uploadsBefore = emulator.counters().requests("POST /v1/files");
        Run run = sail("loras", "register", adapter("wide", a -> a.rank(64)).toString(), "--name", "wide");
        assertExit(ExitCodes.REFUSED, run);
        assertContains(run.err(), "refused: adapter_config.r: must be at most", run);
        assertEquals(uploadsBefore, emulator.counters().requests("POST /v1/files"), "no upload may start");
    }

    @Test
    void aFailedValidationExitsOneWithSailsReason() {
        emulator.sail().failNextValidation("load_failed", "the adapter did not load");
        Run run = sail("loras", "register", validAdapter().toString(), "--name", "unlucky", "--wait", "--timeout", "30s");
        assertExit(ExitCodes.REFUSED, run);
        assertContains(run.out(), "failed [load_failed] the adapter did not load", run);
        assertContains(run.out(), "not usable", run);
    }

    @Test
    void sampleTokensPrintsTokensLogprobsAndStopReason() throws Exception {
        assertExit(ExitCodes.OK, sail("loras", "register", validAdapter().toString(), "--name", "sampler"));
        Run run = sail("sample", "--lora", "sampler", "--tokens", "81,58,32", "--max-tokens", "8", "--stop", "\n");
        assertExit(ExitCodes.OK, run);
        assertTrue(run.out().matches("(?s)tokens\\s+\\d+( \\d+)*\\s+logprobs\\s+-?\\d+\\.\\d+( -?\\d+\\.\\d+)*\\s+stop reason\\s+(stop|length)\\s*"), run::toString);

        JsonNode json = sail("sample", "--lora", "sampler", "--tokens", "81,58,32", "--max-tokens", "8", "--json").json();
        assertEquals(8, json.get("tokens").size(), "no stop condition: the token limit ends it");
        assertEquals(8, json.get("logprobs").size());
        assertEquals("length", json.get("stop_reason").asText());
    }

    @Test
    void sampleTextSendsAResponsesRequestWithTheLora() {
        assertExit(ExitCodes.OK, sail("loras", "register", validAdapter().toString(), "--name", "talker"));
        Run run = sail("sample", "--lora", "talker", "--text", "Tell me about sailing.", "--max-tokens", "200");
        assertExit(ExitCodes.OK, run);
        assertContains(run.out(), "moonshotai/Kimi-K2.6+talker", run);
    }

    @Test
    void anUnknownLoraExitsThreeNamingTheRequestId() throws Exception {
        Run run = sail("loras", "get", "nope");
        assertExit(ExitCodes.API_ERROR, run);
        assertTrue(run.err().matches("(?s)error: 404 .*nope.*\\(request req_\\w+\\)\\s*"), run::toString);
        assertEquals(1, run.err().strip().lines().count(), "one line, no stack trace");

        JsonNode error = sail("loras", "get", "nope", "--json").json().get("error");
        assertEquals(404, error.get("status").asInt());
        assertTrue(error.get("request_id").asText().startsWith("req_"), error::toString);
    }

    @Test
    void asapWithALoraIsRefusedBeforeSending() {
        long responsesBefore = emulator.counters().requests("POST /v1/responses");
        Run run = sail("sample", "--lora", "any-lora", "--tokens", "1,2", "--window", "asap");
        assertExit(ExitCodes.REFUSED, run);
        assertContains(run.err(), "lora requests cannot use completion_window=asap", run);
        assertEquals(responsesBefore, emulator.counters().requests("POST /v1/responses"));
    }

    @Test
    void verboseAddsTheStackTrace() {
        Run run = sail("loras", "get", "nope", "--verbose");
        assertExit(ExitCodes.API_ERROR, run);
        assertContains(run.err(), "at io.sail4j.", run);
    }

    @Test
    void withoutAKeyItSaysHowToGetOneOrToUseTheEmulator() {
        Run run = sail(Map.of(), "loras", "list");
        assertExit(ExitCodes.USAGE, run);
        assertContains(run.err(), "SAIL_API_KEY", run);
        assertContains(run.err(), "--emulator", run);

        Run embedded = sail(Map.of(), "loras", "list", "--emulator");
        assertExit(ExitCodes.OK, embedded);
        assertContains(embedded.out(), "no LoRAs", embedded);
    }

    @Test
    void usageErrorsExitTwo() {
        for (String[] args : List.of(new String[] {"loras", "get"}, new String[] {"sample", "--tokens", "1", "--text", "x"},
                new String[] {"lora", "list"}, new String[] {"loras", "wait", "x", "--timeout", "soon"},
                new String[] {"sample", "--text", "x", "--tinker-path", "tinker://run/sampler_weights/step-1"})) {
            Run run = sail(args);
            assertExit(ExitCodes.USAGE, run);
            assertContains(run.err(), "usage error: ", run);
        }
    }

    @Test
    void aNetworkFailureExitsFour() {
        URI closed;
        try (SailEmulator gone = SailEmulator.start()) {
            closed = gone.baseUrl();
        }
        Map<String, String> env = new HashMap<>(env());
        env.put("SAIL_BASE_URL", closed.toString());
        Run run = sail(env, "files", "get", "file-abc");
        assertExit(ExitCodes.TRANSPORT, run);
        assertContains(run.err(), "network error: ", run);
    }

    @Test
    void filesUploadGetAndDelete() throws Exception {
        Path file = Files.writeString(temp.resolve("adapter_config.json"), "{\"r\": 8}");
        JsonNode uploaded = sail("files", "upload", file.toString(), "--json").json();
        String id = uploaded.get("id").asText();
        assertEquals(8, uploaded.get("bytes").asLong());

        Run get = sail("files", "get", id);
        assertExit(ExitCodes.OK, get);
        assertContains(get.out(), id + "  adapter_config.json  8 B  purpose lora", get);

        assertExit(ExitCodes.OK, sail("files", "delete", id));
        assertExit(ExitCodes.API_ERROR, sail("files", "get", id));
    }

    @Test
    void addModelsRefusesAModelThatTakesNoLoras() {
        assertExit(ExitCodes.OK, sail("loras", "register", validAdapter().toString(), "--name", "grower"));
        Run run = sail("loras", "add-models", "grower", "acme/unknown-model");
        assertExit(ExitCodes.REFUSED, run);
        assertContains(run.err(), "acme/unknown-model", run);

        Run same = sail("loras", "add-models", "grower", "moonshotai/Kimi-K2.6");
        assertExit(ExitCodes.OK, same);
        assertContains(same.out(), "already supports", same);
    }

    @Test
    void deleteRemovesTheLora() {
        assertExit(ExitCodes.OK, sail("loras", "register", validAdapter().toString(), "--name", "short-lived"));
        assertExit(ExitCodes.OK, sail("loras", "delete", "short-lived"));
        assertExit(ExitCodes.API_ERROR, sail("loras", "get", "short-lived"));
    }

    @Test
    void demoExitsZeroPrintingEveryStep() {
        Run run = sail(Map.of(), "demo");
        assertExit(ExitCodes.OK, run);
        for (String step : List.of(" 1. write ", " 2. preflight ok", " 3. register  uploaded", " 4. validate  moonshotai/Kimi-K2.6: succeeded",
                " 5. sample ", "stop reason", " 6. respond ", " 7. refuse    asap", " 8. refuse    asap with a LoRA, sent to Sail anyway: 400",
                "(request req_", " 9. refuse    rank-64", "10. refuse    rank-64 adapter, registered on Sail anyway: validation moonshotai/Kimi-K2.6: failed [rank_too_large]",
                "done in ")) {
            assertContains(run.out(), step, run);
        }
    }

    @Test
    void emulatorServesUntilStopped() throws Exception {
        CompletableFuture<String> started = new CompletableFuture<>();
        Writer out = new StringWriter() {
            @Override
            public void flush() {
                if (toString().contains("export SAIL_BASE_URL=")) {
                    started.complete(toString());
                }
            }
        };
        CompletableFuture<Void> stop = new CompletableFuture<>();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> SailCli.run(context(out, new StringWriter(), Map.of(), stop), "emulator"));
        String banner = started.get(30, TimeUnit.SECONDS);
        String baseUrl = banner.replaceAll("(?s).*export SAIL_BASE_URL=(\\S+) .*", "$1");

        Run list = sail(Map.of("SAIL_API_KEY", "sk_other", "SAIL_BASE_URL", baseUrl), "loras", "list");
        assertExit(ExitCodes.OK, list);
        stop.complete(null);
        assertEquals(ExitCodes.OK, exit.get(30, TimeUnit.SECONDS));
    }

    @Test
    void helpListsCommandsAndExitCodes() {
        Run run = sail("--help");
        assertExit(ExitCodes.OK, run);
        for (String text : List.of("check", "loras", "files", "sample", "emulator", "demo", "Exit codes:", "SAIL_API_KEY")) {
            assertContains(run.out(), text, run);
        }
    }
}
