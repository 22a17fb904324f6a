package io.sail4j.cli;

import io.sail4j.adapter.fake.FaultPlan;
import io.sail4j.adapter.fake.SailEmulator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sail emulator}: Sail's REST API on a loopback port, until interrupted. */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        header = "Run the Sail emulator on a loopback port until interrupted.",
        description = {"Run the Sail emulator until interrupted (Ctrl-C): Sail's REST API on a loopback port, in memory.",
                "Any API key works; each key is an organization of its own. Point SAIL_BASE_URL at it, or the",
                "official OpenAI SDKs. --faults injects failures, e.g. 'POST /v1/files=503x2;*=slow:100ms@0.1;seed=7'",
                "(faults: 429[:seconds] 500 502 503 504 reset-before reset-after slow:<millis>ms)."})
final class EmulatorCommand extends Subcommand {
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "Port to listen on (default: a free one).")
    int port;

    @Option(names = "--faults", paramLabel = "SPEC", description = "Fault rules: <route>=<fault>[x<count>|@<probability>];...")
    String faults;

    @Option(names = "--validation-delay", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a LoRA validation takes (default 5ms).")
    Duration validationDelay;

    @Option(names = "--response-delay", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a background response takes (default 5ms).")
    Duration responseDelay;

    EmulatorCommand(CliContext context) {
        super(context);
    }

    @Override
    int execute() {
        SailEmulator.Builder builder = SailEmulator.builder().port(port).fakeSettings(fake -> {
            if (validationDelay != null) {
                fake.validationDelay(validationDelay);
            }
            if (responseDelay != null) {
                fake.responseDelay(responseDelay);
            }
        });
        if (faults != null) {
            try {
                new FaultPlan().add(faults);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--faults: " + e.getMessage());
            }
            builder.faults(faults);
        }
        try (SailEmulator emulator = builder.start()) {
            if (json()) {
                Map<String, Object> started = new LinkedHashMap<>();
                started.put("base_url", emulator.baseUrl().toString());
                started.put("port", emulator.port());
                Render.json(context.out(), started);
            } else {
                context.out().println("Sail emulator serving " + emulator.baseUrl() + " (any API key; each key is its own organization)");
                context.out().println("  export SAIL_BASE_URL=" + emulator.baseUrl() + " SAIL_API_KEY=" + Connection.EMULATOR_KEY);
                context.out().println("Ctrl-C stops it.");
            }
            context.out().flush();
            context.stopSignal().join();
        }
        return ExitCodes.OK;
    }
}
