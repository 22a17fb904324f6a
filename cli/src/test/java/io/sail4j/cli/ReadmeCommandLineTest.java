package io.sail4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's first two commands are the ones that work, and its reference names every command and exit code. */
class ReadmeCommandLineTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void theFirstCodeBlockRunsTheDemoAndTheTestsCiRuns() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int open = readme.indexOf("```");
        String firstBlock = readme.substring(open, readme.indexOf("```", open + 3));
        assertTrue(firstBlock.contains("./sail demo"), firstBlock);
        assertTrue(firstBlock.contains("./mvnw -B verify"), firstBlock);
        assertTrue(Files.readString(ROOT.resolve(".ci/run")).contains("./mvnw -B verify"), "the test command is what CI runs");
        assertTrue(Files.isExecutable(ROOT.resolve("sail")), "./sail must be executable");
    }

    @Test
    void theReferenceNamesEveryCommandAndExitCode() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String reference = readme.substring(readme.indexOf("## Command line"));
        CommandLine sail = SailCli.commandLine(new CliContext(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                Map.of(), false, new CompletableFuture<>()));
        for (String command : leafCommands(sail)) {
            assertTrue(reference.contains("`" + command), "README's command line reference must cover `" + command + "`");
        }
        for (String entry : ExitCodes.HELP) {
            String code = entry.substring(0, entry.indexOf(':'));
            assertTrue(reference.contains("| " + code + " |"), "README must explain exit code " + code);
        }
    }

    private static List<String> leafCommands(CommandLine command) {
        List<String> names = new ArrayList<>();
        command.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return;
            }
            if (sub.getSubcommands().isEmpty()) {
                names.add(sub.getCommandSpec().qualifiedName());
            } else {
                names.addAll(leafCommands(sub));
            }
        });
        return names;
    }
}
