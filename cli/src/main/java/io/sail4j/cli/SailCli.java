package io.sail4j.cli;

import io.sail4j.core.error.CompletionFailures;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/** Builds the {@code sail} command line over a {@link CliContext}. */
public final class SailCli {
    private SailCli() {
    }

    /** The command line, ready for {@link CommandLine#execute}; output goes to the context's writers. */
    public static CommandLine commandLine(CliContext context) {
        CommandLine commandLine = new CommandLine(new SailCommand(), new ContextFactory(context));
        commandLine.setOut(context.out());
        commandLine.setErr(context.err());
        commandLine.setExecutionExceptionHandler(new ErrorReport());
        commandLine.setParameterExceptionHandler(SailCli::usageError);
        commandLine.setExitCodeExceptionMapper(failure -> ErrorReport.classify(CompletionFailures.unwrap(failure)).exitCode());
        Map<String, String> exitCodes = new LinkedHashMap<>();
        for (String entry : ExitCodes.HELP) {
            int colon = entry.indexOf(':');
            exitCodes.put(entry.substring(0, colon), entry.substring(colon + 1));
        }
        applyToAll(commandLine, exitCodes);
        return commandLine;
    }

    /** Runs one command line and returns its exit code. */
    public static int run(CliContext context, String... args) {
        return commandLine(context).execute(args);
    }

    private static void applyToAll(CommandLine commandLine, Map<String, String> exitCodes) {
        commandLine.setUsageHelpWidth(100);
        commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
        commandLine.getSubcommands().values().forEach(sub -> applyToAll(sub, exitCodes));
    }

    /** One line saying what is wrong, a suggestion when the word was misspelt, and where help is. */
    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine failed = ex.getCommandLine();
        PrintWriter err = failed.getErr();
        err.println("usage error: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("see '" + failed.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** Gives commands that ask for it (a constructor taking one) the context. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(CliContext.class);
                return constructor.newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
