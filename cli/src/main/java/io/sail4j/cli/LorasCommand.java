package io.sail4j.cli;

import io.sail4j.core.lora.Lora;
import io.sail4j.core.lora.LoraRef;
import io.sail4j.core.lora.ValidationRecord;
import io.sail4j.core.model.ModelId;
import io.sail4j.ports.in.Blocking;
import io.sail4j.ports.in.RegisterLora;
import io.sail4j.ports.in.Registration;
import io.sail4j.ports.in.ValidationOutcome;
import io.sail4j.ports.in.ValidationWait;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sail loras ...}: register and manage LoRAs. */
@Command(name = "loras", mixinStandardHelpOptions = true,
        description = "Register, inspect, extend, wait for and delete LoRAs.",
        subcommands = {LorasCommand.Register.class, LorasCommand.Get.class, LorasCommand.ListLoras.class,
                LorasCommand.Delete.class, LorasCommand.AddModels.class, LorasCommand.Wait.class})
final class LorasCommand implements Runnable {
    static final String DEFAULT_MODEL = "moonshotai/Kimi-K2.6";
    static final String DEFAULT_TIMEOUT = "30m";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a subcommand: register, get, list, delete, add-models or wait");
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            header = "Register a local adapter as a LoRA: check, upload, create, and optionally wait.",
            description = {"Register a local PEFT adapter as a LoRA: check it (refusing a bad adapter before any byte is",
                    "uploaded), upload adapter_config.json and adapter_model.safetensors with progress, create the",
                    "LoRA, and with --wait wait for its validation."})
    static final class Register extends Subcommand {
        @Parameters(index = "0", paramLabel = "DIR", description = "The adapter directory.")
        Path directory;

        @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME",
                description = "LoRA name: 2-64 characters of [a-z0-9-], starting and ending alphanumeric.")
        String name;

        @Option(names = {"-m", "--model"}, paramLabel = "MODEL", defaultValue = DEFAULT_MODEL,
                description = "Supported model, repeatable (default: ${DEFAULT-VALUE}).")
        List<String> models;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Option(names = "--display-name", paramLabel = "TEXT")
        String displayName;

        @Option(names = "--wait", description = "Wait for validation to finish; exit 1 if it failed.")
        boolean await;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = DEFAULT_TIMEOUT, converter = DurationConverter.class,
                description = "How long --wait waits (default: ${DEFAULT-VALUE}; e.g. 90s, 5m, 1h).")
        Duration timeout;

        Register(CliContext context) {
            super(context);
        }

        @Override
        int execute() {
            RegisterLora.Builder request = RegisterLora.fromDirectory(directory).name(name);
            models.forEach(request::model);
            Optional.ofNullable(description).ifPresent(request::description);
            Optional.ofNullable(displayName).ifPresent(request::displayName);
            try (Connection connection = connect()) {
                Registration registration;
                long started = System.nanoTime();
                try (Progress.Tracker upload = progress().upload("upload " + name)) {
                    registration = Blocking.await(connection.sail().loras().register(request.progress(upload).build()));
                }
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                registration.warnings().forEach(w -> context.err().println("warning: " + w));
                Optional<ValidationOutcome> outcome = Optional.empty();
                if (!json()) {
                    printRegistered(registration, took);
                }
                if (await) {
                    outcome = Optional.of(Wait.await(this, connection, registration.lora().ref(), Optional.empty(), timeout));
                }
                if (json()) {
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("lora", Render.lora(outcome.map(ValidationOutcome::lora).orElse(registration.lora())));
                    result.put("config_file", Render.file(registration.configFile()));
                    result.put("weights_file", Render.file(registration.weightsFile()));
                    result.put("warnings", Render.violations(registration.warnings()));
                    outcome.ifPresent(o -> result.put("validation", Wait.outcomeJson(o)));
                    Render.json(context.out(), result);
                } else {
                    outcome.ifPresent(o -> Wait.printOutcome(context.out(), o));
                }
                return outcome.map(o -> o.usable() ? ExitCodes.OK : ExitCodes.REFUSED).orElse(ExitCodes.OK);
            }
        }

        private void printRegistered(Registration registration, Duration took) {
            Lora lora = registration.lora();
            context.out().printf("registered lora %s (id %s) for %s%n", lora.name(), lora.id(),
                    lora.supportedModels().stream().map(ModelId::value).collect(Collectors.joining(", ")));
            context.out().printf("  uploaded %s as %s and %s as %s (%s in %s)%n",
                    registration.configFile().filename(), registration.configFile().id(),
                    registration.weightsFile().filename(), registration.weightsFile().id(),
                    Formats.bytes(registration.configFile().bytes() + registration.weightsFile().bytes()), Formats.duration(took));
            if (!await) {
                lora.supportedModels().forEach(m -> context.out().println("  validation " + Render.validationText(lora, m)));
            }
            context.out().flush();
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a LoRA and its validations.")
    static final class Get extends Subcommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The LoRA's name or id.")
        String name;

        Get(CliContext context) {
            super(context);
        }

        @Override
        int execute() {
            LoraRef ref = LoraRef.parse(name);
            try (Connection connection = connect()) {
                Lora lora = Blocking.await(connection.sail().loras().get(ref));
                printAnswer(() -> Render.lora(lora), out -> Render.loraLines(out, lora));
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the organization's LoRAs.")
    static final class ListLoras extends Subcommand {
        @Option(names = "--limit", paramLabel = "N", description = "Show at most N LoRAs (default: all).")
        Integer limit;

        ListLoras(CliContext context) {
            super(context);
        }

        @Override
        int execute() {
            if (limit != null && limit < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1");
            }
            try (Connection connection = connect()) {
                List<Lora> loras = connection.sail().loras().list()
                        .limit(limit == null ? Long.MAX_VALUE : limit).toList();
                printAnswer(() -> Map.of("object", "list", "data", loras.stream().map(Render::lora).toList()), out -> {
                    if (loras.isEmpty()) {
                        out.println("no LoRAs");
                    } else {
                        table(out, loras);
                    }
                });
                return ExitCodes.OK;
            }
        }

        private static void table(PrintWriter out, List<Lora> loras) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"NAME", "ID", "MODELS", "VALIDATION"});
            for (Lora lora : loras) {
                rows.add(new String[] {lora.name().value(), lora.id().toString(),
                        lora.supportedModels().stream().map(ModelId::value).collect(Collectors.joining(",")),
                        Render.statusSummary(lora)});
            }
            int[] widths = new int[4];
            rows.forEach(row -> {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            });
            String format = "%-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %s%n";
            rows.forEach(row -> out.printf(format, (Object[]) row));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a LoRA.")
    static final class Delete extends Subcommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The LoRA's name or id.")
        String name;

        Delete(CliContext context) {
            super(context);
        }

        @Override
        int execute() {
            LoraRef ref = LoraRef.parse(name);
            try (Connection connection = connect()) {
                Blocking.await(connection.sail().loras().delete(ref));
                printAnswer(() -> Map.of("name", name, "object", "lora.deleted", "deleted", true),
                        out -> out.println("deleted lora " + name));
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "add-models", mixinStandardHelpOptions = true,
            header = "Add supported models to a LoRA (Sail validates each new one).",
            description = {"Add supported models to a LoRA. Sail starts a validation for each newly added model",
                    "that has not already passed one; 'sail loras wait' waits for them."})
    static final class AddModels extends Subcommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The LoRA's name or id.")
        String name;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "MODEL", description = "Models to add.")
        List<String> models;

        AddModels(CliContext context) {
            super(context);
        }

        @Override
        int execute() {
            LoraRef ref = LoraRef.parse(name);
            try (Connection connection = connect()) {
                Lora lora = Blocking.await(connection.sail().loras().get(ref));
                Set<ModelId> merged = new LinkedHashSet<>(lora.supportedModels());
                models.forEach(m -> merged.add(ModelId.of(m)));
                Lora updated = merged.size() == lora.supportedModels().size() ? lora
                        : Blocking.await(connection.sail().loras().updateSupportedModels(ref, List.copyOf(merged)));
                printAnswer(() -> Render.lora(updated), out -> {
                    if (updated == lora) {
                        out.println("lora " + lora.name() + " already supports " + String.join(", ", models));
                    }
                    Render.loraLines(out, updated);
                });
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "wait", mixinStandardHelpOptions = true,
            header = "Wait for a LoRA's validation to finish.",
            description = {"Wait until a LoRA's validation has finished, for every supported model or for one.",
                    "Exits 0 when usable (succeeded or unverified), 1 when it failed, 4 at the timeout."})
    static final class Wait extends Subcommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The LoRA's name or id.")
        String name;

        @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Wait for this model only.")
        String model;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = DEFAULT_TIMEOUT, converter = DurationConverter.class,
                description = "Give up after this long (default: ${DEFAULT-VALUE}; e.g. 90s, 5m, 1h).")
        Duration timeout;

        Wait(CliContext context) {
            super(context);
        }

        @Override
        int execute() {
            LoraRef ref = LoraRef.parse(name);
            try (Connection connection = connect()) {
                ValidationOutcome outcome = await(this, connection, ref, Optional.ofNullable(model).map(ModelId::of), timeout);
                printAnswer(() -> outcomeJson(outcome), out -> printOutcome(out, outcome));
                return outcome.usable() ? ExitCodes.OK : ExitCodes.REFUSED;
            }
        }

        static ValidationOutcome await(Subcommand command, Connection connection, LoraRef ref, Optional<ModelId> model,
                                       Duration timeout) {
            ValidationWait wait = ValidationWait.upTo(timeout);
            try (Progress.Tracker ignored = command.progress().waiting("validating " + ref, timeout)) {
                return Blocking.await(model
                        .map(m -> connection.sail().loras().awaitValidation(ref, m, wait))
                        .orElseGet(() -> connection.sail().loras().awaitValidation(ref, wait)));
            }
        }

        static void printOutcome(PrintWriter out, ValidationOutcome outcome) {
            for (ValidationRecord record : outcome.records()) {
                out.println("validation  " + Render.recordText(record));
            }
            out.printf("lora %s is %s (%d %s, %s)%n", outcome.lora().name(),
                    switch (outcome.matched()) {
                        case SUCCEEDED -> "validated";
                        case UNVERIFIED -> "usable, though Sail could not verify it automatically";
                        case FAILED -> "not usable: validation failed";
                    },
                    outcome.attempts(), outcome.attempts() == 1 ? "check" : "checks", Formats.duration(outcome.waited()));
            out.flush();
        }

        static Map<String, Object> outcomeJson(ValidationOutcome outcome) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("lora", outcome.lora().name().value());
            json.put("matched", outcome.matched().name().toLowerCase(java.util.Locale.ROOT));
            json.put("usable", outcome.usable());
            json.put("records", outcome.records().stream().map(Render::validation).toList());
            json.put("attempts", outcome.attempts());
            json.put("waited_ms", outcome.waited().toMillis());
            return json;
        }
    }
}
