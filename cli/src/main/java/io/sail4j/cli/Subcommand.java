package io.sail4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every subcommand shares: the context, the global options, and how to reach Sail. */
abstract class Subcommand implements Callable<Integer> {
    protected final CliContext context;

    @Spec
    CommandSpec spec;

    Subcommand(CliContext context) {
        this.context = context;
    }

    SailCommand global() {
        return (SailCommand) spec.root().userObject();
    }

    boolean json() {
        return global().json();
    }

    Connection connect() {
        return Connection.open(global(), context);
    }

    Progress progress() {
        return new Progress(context, json());
    }

    /** Prints one answer in the form the user chose: as JSON with --json, as text for a person otherwise. */
    void printAnswer(Supplier<?> asJson, Consumer<PrintWriter> asText) {
        if (json()) {
            Render.json(context.out(), asJson.get());
        } else {
            asText.accept(context.out());
        }
    }

    @Override
    public final Integer call() throws Exception {
        try {
            return execute();
        } finally {
            context.out().flush();
            context.err().flush();
        }
    }

    abstract int execute() throws Exception;
}
