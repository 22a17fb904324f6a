package io.sail4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code sail}: the root command and the options every subcommand takes. */
@Command(name = "sail", mixinStandardHelpOptions = true, versionProvider = SailCommand.Version.class,
        description = {"Sail from the command line: check PEFT adapters before uploading them, register and manage LoRAs,",
                "upload files with progress, sample tokens, and run the Sail emulator.",
                "Start with 'sail demo': the whole job on an embedded emulator, no account needed."},
        subcommands = {CheckCommand.class, LorasCommand.class, FilesCommand.class, SampleCommand.class,
                EmulatorCommand.class, DemoCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nEnvironment:%n",
        footer = {"  SAIL_API_KEY     your Sail API key (sk_...); not needed with --emulator, check or demo",
                "  SAIL_BASE_URL    Sail's base URL (default https://api.sailresearch.com/v1)",
                "  TINKER_API_KEY   for 'sail sample --tinker-path' (and TINKER_BASE_URL to override Tinker's URL)"})
public final class SailCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print results (and errors) as JSON, for scripts.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Debug logging, and stack traces with errors.")
    boolean verbose;

    @Option(names = "--emulator", scope = ScopeType.INHERIT,
            description = "Run this one command against an embedded Sail emulator (no API key needed).")
    boolean emulator;

    @Option(names = "--base-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Sail's base URL (default: SAIL_BASE_URL, else https://api.sailresearch.com/v1).")
    String baseUrl;

    public boolean json() {
        return json;
    }

    public boolean verbose() {
        return verbose;
    }

    public boolean emulator() {
        return emulator;
    }

    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'sail demo' or 'sail --help'");
    }

    /** The version from the jar's manifest; {@code dev} when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SailCommand.class.getPackage().getImplementationVersion();
            return new String[] {"sail4j " + (version == null ? "dev" : version) + " (Java " + Runtime.version() + ")"};
        }
    }
}
