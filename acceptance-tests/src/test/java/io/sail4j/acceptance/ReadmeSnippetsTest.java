package io.sail4j.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.adapter.fake.FakeBackendModule;
import io.sail4j.adapter.http.HttpSailBackend;
import io.sail4j.adapter.fake.InMemorySail;
import io.sail4j.application.Sail;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.SampledTokens;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.ports.in.TokenCompleterOptions;
import io.sail4j.ports.in.PreflightReport;
import io.sail4j.ports.local.SyntheticAdapter;
import io.sail4j.ports.out.TextResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's snippets run against the in-memory Sail, and the README quotes them as they are. */
class ReadmeSnippetsTest {
    static final int[] PROMPT = {9906, 25, 220, 17, 10, 17, 30};
    static final Path README = Path.of("..", "README.md");
    static final Path SNIPPETS = Path.of("src", "test", "java", "io", "sail4j", "acceptance", "ReadmeSnippets.java");

    @TempDir
    Path tmp;

    @Test
    void thePlainJavaSnippetRegistersAndSamplesAThousandRollouts() {
        try (InMemorySail fake = InMemorySail.create()) {
            Path adapter = SyntheticAdapter.kimi().writeTo(tmp.resolve("funnier-v1")).directory();

            List<SampledTokens> rollouts = ReadmeSnippets.plainJava(fake.backend("sk_readme"), adapter, PROMPT);

            assertEquals(1000, rollouts.size());
            assertTrue(rollouts.stream().allMatch(r -> r.length() > 0 && r.logprobs().isPresent()));
        }
    }

    @Test
    void theGuiceSnippetWiresTheSameClient() {
        try (InMemorySail fake = InMemorySail.create()) {
            Path adapter = SyntheticAdapter.kimi().writeTo(tmp.resolve("funnier-v1")).directory();

            SampledTokens sample = ReadmeSnippets.withGuice(FakeBackendModule.of(fake, "sk_readme"), adapter, PROMPT);

            assertTrue(sample.length() > 0);
            assertEquals(1, fake.createdCounts().get("lora"));
        }
    }

    @Test
    void thePreflightAndTextSnippetsWork() {
        try (InMemorySail fake = InMemorySail.create(); Sail sail = Sail.over(fake.backend("sk_readme"))) {
            Path bad = SyntheticAdapter.kimi().rank(64).writeTo(tmp.resolve("bad")).directory();
            PreflightReport report = ReadmeSnippets.preflight(sail, bad);
            assertFalse(report.ok());

            Path good = SyntheticAdapter.kimi().writeTo(tmp.resolve("good")).directory();
            ReadmeSnippets.plainJava(fake.backend("sk_readme"), good, PROMPT);
            TextResult reply = ReadmeSnippets.textWithLora(sail);
            assertFalse(reply.text().isEmpty());
        }
    }

    @Test
    void theConfigurationSnippetBuildsABackendWithoutTouchingTheNetwork() {
        try (HttpSailBackend backend = ReadmeSnippets.configured("sk_readme", "http://127.0.0.1:9/v1")) {
            assertEquals(6, backend.config().maxRetries());
            assertFalse(backend.config().toString().contains("sk_readme"));
        }
    }

    @Test
    void theErrorSnippetTellsARefusalFromAnAnswer() {
        try (InMemorySail fake = InMemorySail.create(); Sail sail = Sail.over(fake.backend("sk_readme"))) {
            assertTrue(ReadmeSnippets.describeFailure(sail, "Not A Name").startsWith("lora: "));
            assertTrue(ReadmeSnippets.describeFailure(sail, "no-such-lora").startsWith("not found (request "));
        }
    }

    @Test
    void theLoraSourceSnippetSamplesThePromotedLora() {
        try (InMemorySail fake = InMemorySail.create()) {
            Path adapter = SyntheticAdapter.kimi().writeTo(tmp.resolve("funnier-v1")).directory();
            ReadmeSnippets.plainJava(fake.backend("sk_readme"), adapter, PROMPT);

            SampledTokens promoted = ReadmeSnippets.withPromotedLora(fake.backend("sk_readme"), PROMPT);

            try (Sail sail = Sail.over(fake.backend("sk_readme"))) {
                SampledTokens named = sail.tokenCompleter(TokenCompleterOptions.builder("moonshotai/Kimi-K2.6", 256)
                        .lora("funnier-v1").build()).completeBlocking(ModelInput.of(PROMPT), StopCondition.none());
                assertEquals(named, promoted);
            }
        }
    }

    @Test
    void theReadmeQuotesEverySnippetVerbatim() throws IOException {
        String readme = Files.readString(README);
        List<String> snippets = snippets(Files.readString(SNIPPETS));
        assertEquals(8, snippets.size());
        for (String snippet : snippets) {
            assertTrue(readme.contains(snippet), "README.md must quote this snippet from ReadmeSnippets.java:\n" + snippet);
        }
    }

    /** Each block between {@code // snippet:NAME} and {@code // end}, without its common indentation. */
    static List<String> snippets(String source) {
        Matcher block = Pattern.compile("(?s)// snippet:\\w+\\n(.*?)\\n\\s*// end").matcher(source);
        List<String> found = new ArrayList<>();
        while (block.find()) {
            List<String> lines = block.group(1).lines().toList();
            int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
            found.add(String.join("\n", lines.stream().map(l -> l.length() >= indent ? l.substring(indent) : l.strip()).toList()));
        }
        return found;
    }
}
