package io.sail4j.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One case of the bad-input corpus ({@code src/test/resources/bad-input/*.jsonl}, described in its
 * README): the input, the entry point it goes through, and the typed error a user must get.
 */
record BadInputCase(String file, int line, String name, String via, JsonNode input, JsonNode expect) {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Stands for the module prefix of Kimi-K2.6's text layers in tensor names and fields. */
    static final String PREFIX_TOKEN = "{P}";
    static final String PREFIX = "base_model.model.language_model.model";

    static List<BadInputCase> all() {
        Path dir;
        try {
            dir = Path.of(BadInputCase.class.getResource("/bad-input").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<BadInputCase> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).isBlank()) {
                        continue;
                    }
                    JsonNode node = JSON.readTree(lines.get(i));
                    cases.add(new BadInputCase(file.getFileName().toString(), i + 1, node.path("case").asText(),
                            node.path("via").asText(), node.path("input"), node.path("expect")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    String expectedType() {
        return expect.path("type").asText();
    }

    /** The field the error must name, {@code {P}} expanded; null when the case names none. */
    String expectedField() {
        return expect.hasNonNull("field") ? expand(expect.get("field").asText()) : null;
    }

    static String expand(String text) {
        return text.replace(PREFIX_TOKEN, PREFIX);
    }

    @Override
    public String toString() {
        return file + ":" + line + " " + name;
    }
}
