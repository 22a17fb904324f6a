package io.sail4j.cli;

import io.sail4j.application.Sail;
import io.sail4j.core.error.Violation;
import io.sail4j.core.model.ModelId;
import io.sail4j.ports.in.PreflightReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sail check DIR --model M}: the local preflight, offline. */
@Command(name = "check", mixinStandardHelpOptions = true,
        header = "Check a local adapter against a model's rules, offline; every violation listed.",
        description = {"Check a PEFT adapter directory (adapter_config.json and adapter_model.safetensors) against a",
                "model's rules, reading only the config and the safetensors header. Lists every violation.",
                "Works offline: no API key needed."})
final class CheckCommand extends Subcommand {
    @Parameters(index = "0", paramLabel = "DIR", description = "The adapter directory.")
    Path directory;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", defaultValue = "moonshotai/Kimi-K2.6",
            description = "Target model, repeatable (default: ${DEFAULT-VALUE}).")
    List<String> models;

    CheckCommand(CliContext context) {
        super(context);
    }

    @Override
    int execute() {
        List<ModelId> ids = models.stream().map(ModelId::of).toList();
        PreflightReport report;
        try (Sail sail = Sail.over(new OfflineBackend())) {
            report = sail.loras().preflight(directory, ids);
        }
        if (json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ok", report.ok());
            result.put("directory", directory.toString());
            result.put("models", models);
            result.put("errors", Render.violations(report.errors()));
            result.put("warnings", Render.violations(report.warnings()));
            result.put("bytes_read", report.bytesRead());
            result.put("upload_bytes", report.uploadBytes());
            Render.json(context.out(), result);
        } else {
            print(report, ids);
        }
        return report.ok() ? ExitCodes.OK : ExitCodes.REFUSED;
    }

    private void print(PreflightReport report, List<ModelId> ids) {
        PrintWriter out = context.out();
        String models = ids.size() == 1 ? ids.get(0).value() : ids.size() + " models";
        if (report.ok()) {
            out.printf("ok: %s is a valid adapter for %s (read %s of %s: the config and the safetensors header)%n",
                    directory, models, Formats.bytes(report.bytesRead()), Formats.bytes(report.uploadBytes()));
        } else {
            out.printf("refused: %s breaks %d %s for %s%n", directory, report.errors().size(),
                    report.errors().size() == 1 ? "rule" : "rules", models);
        }
        for (Violation error : report.errors()) {
            out.println("  error    " + error);
        }
        for (Violation warning : report.warnings()) {
            out.println("  warning  " + warning);
        }
    }
}
