package io.sail4j.cli;

import io.sail4j.core.lora.FileId;
import io.sail4j.ports.in.Blocking;
import io.sail4j.ports.out.FileUpload;
import io.sail4j.ports.out.StoredFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sail files ...}: adapter files on Sail. */
@Command(name = "files", mixinStandardHelpOptions = true, description = "Upload, inspect and delete adapter files.",
        subcommands = {FilesCommand.Upload.class, FilesCommand.Get.class, FilesCommand.Delete.class})
final class FilesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: upload, get or delete");
    }

    @Command(name = "upload", mixinStandardHelpOptions = true,
            header = "Upload a file, streamed from disk with progress.",
            description = {"Upload a file (up to 100 GiB), streamed from disk with progress; retried uploads reuse",
                    "one idempotency key, so a lost answer never stores the file twice."})
    static final class Upload extends Subcommand {
        @Parameters(index = "0", paramLabel = "PATH", description = "The file to upload.")
        Path path;

        @Option(names = "--purpose", paramLabel = "PURPOSE", defaultValue = "lora", description = "File purpose (default: ${DEFAULT-VALUE}).")
        String purpose;

        Upload(CliContext context) {
            super(context);
        }

        @Override
        int execute() {
            try (Connection connection = connect()) {
                FileUpload upload = FileUpload.lora(path);
                upload = new FileUpload(upload.path(), upload.filename(), purpose, upload.progress(), upload.idempotencyKey());
                long started = System.nanoTime();
                StoredFile stored;
                try (Progress.Tracker progress = progress().upload(upload.filename())) {
                    stored = Blocking.await(connection.sail().files().upload(upload.withProgress(progress)));
                }
                printAnswer(() -> Render.file(stored), out -> out.printf("uploaded %s as %s (%s in %s)%n", stored.filename(),
                        stored.id(), Formats.bytes(stored.bytes()), Formats.duration(Duration.ofNanos(System.nanoTime() - started))));
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a file.")
    static final class Get extends Subcommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The file id (file-...).")
        String id;

        Get(CliContext context) {
            super(context);
        }

        @Override
        int execute() {
            FileId fileId = FileId.of(id);
            try (Connection connection = connect()) {
                StoredFile stored = Blocking.await(connection.sail().files().get(fileId));
                printAnswer(() -> Render.file(stored), out -> out.println(Render.fileLine(stored)));
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a file.")
    static final class Delete extends Subcommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The file id (file-...).")
        String id;

        Delete(CliContext context) {
            super(context);
        }

        @Override
        int execute() {
            FileId fileId = FileId.of(id);
            try (Connection connection = connect()) {
                Blocking.await(connection.sail().files().delete(fileId));
                printAnswer(() -> Map.of("id", id, "object", "file", "deleted", true), out -> out.println("deleted file " + id));
                return ExitCodes.OK;
            }
        }
    }
}
