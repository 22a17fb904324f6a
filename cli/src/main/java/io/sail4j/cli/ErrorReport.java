package io.sail4j.cli;

import io.sail4j.core.error.CompletionFailures;
import io.sail4j.core.error.IncompleteRegistrationException;
import io.sail4j.core.error.InvalidAnswerException;
import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.ResponseFailedException;
import io.sail4j.core.error.SailApiException;
import io.sail4j.core.error.SailTimeoutException;
import io.sail4j.core.error.TransportException;
import io.sail4j.core.error.Violation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Turns a failure into its exit code and one clear line (Sail's errors with their request id); the
 * stack trace only with {@code --verbose}. With {@code --json} the error is a JSON object on standard
 * output instead, so a script reads one document either way.
 */
final class ErrorReport implements CommandLine.IExecutionExceptionHandler {

    /** What a failure means to the user. */
    record Outcome(int exitCode, String kind, String text, Map<String, Object> details) {
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        SailCommand global = (SailCommand) commandLine.getCommandSpec().root().userObject();
        Throwable failure = CompletionFailures.unwrap(ex);
        Outcome outcome = classify(failure);
        PrintWriter err = commandLine.getErr();
        if (global.json()) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("kind", outcome.kind());
            error.put("message", failure.getMessage());
            error.putAll(outcome.details());
            error.put("exit_code", outcome.exitCode());
            Render.json(commandLine.getOut(), Map.of("error", error));
        } else {
            err.println(outcome.text());
        }
        if (global.verbose()) {
            failure.printStackTrace(err);
        } else if (outcome.exitCode() == ExitCodes.INTERNAL) {
            err.println("run again with --verbose for the stack trace");
        }
        err.flush();
        return outcome.exitCode();
    }

    static Outcome classify(Throwable failure) {
        if (failure instanceof MissingApiKeyException) {
            return new Outcome(ExitCodes.USAGE, "configuration", "error: " + failure.getMessage(), Map.of());
        }
        if (failure instanceof InvalidRequestException refused) {
            return new Outcome(ExitCodes.REFUSED, "refused", refusedText(refused.violations()),
                    Map.of("violations", Render.violations(refused.violations())));
        }
        if (failure instanceof IncompleteRegistrationException incomplete) {
            Outcome cause = classify(CompletionFailures.unwrap(incomplete.getCause()));
            return new Outcome(cause.exitCode(), cause.kind(), "error: " + incomplete.getMessage(),
                    Map.of("leftover_file_ids", incomplete.leftoverFileIds()));
        }
        if (failure instanceof SailApiException api) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("status", api.status());
            details.put("type", api.type().orElse(null));
            details.put("code", api.code().orElse(null));
            details.put("param", api.param().orElse(null));
            details.put("request_id", api.requestId().orElse(null));
            return new Outcome(ExitCodes.API_ERROR, "api", "error: " + api.getMessage(), details);
        }
        if (failure instanceof ResponseFailedException response) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("response_id", response.responseId());
            details.put("status", response.status());
            details.put("code", response.code().orElse(null));
            return new Outcome(ExitCodes.API_ERROR, "response_failed", "error: " + response.getMessage(), details);
        }
        if (failure instanceof InvalidAnswerException) {
            return new Outcome(ExitCodes.API_ERROR, "invalid_answer", "error: unreadable answer from Sail: " + failure.getMessage(), Map.of());
        }
        if (failure instanceof SailTimeoutException) {
            return new Outcome(ExitCodes.TRANSPORT, "timeout", "timed out: " + failure.getMessage(), Map.of());
        }
        if (failure instanceof TransportException) {
            return new Outcome(ExitCodes.TRANSPORT, "network", "network error: " + withCause(failure), Map.of());
        }
        if (failure instanceof UncheckedIOException || failure instanceof IOException) {
            return new Outcome(ExitCodes.REFUSED, "io", "error: " + withCause(failure), Map.of());
        }
        return new Outcome(ExitCodes.INTERNAL, "internal", "internal error: " + failure, Map.of());
    }

    /** {@code refused: field: rule (got value)}, or a count and one violation per line. */
    static String refusedText(List<Violation> violations) {
        if (violations.size() == 1) {
            return "refused: " + violations.get(0);
        }
        StringBuilder text = new StringBuilder("refused: ").append(violations.size()).append(" violations");
        violations.forEach(v -> text.append(System.lineSeparator()).append("  - ").append(v));
        return text.toString();
    }

    private static String withCause(Throwable failure) {
        Throwable cause = failure.getCause();
        String message = failure.getMessage();
        if (cause != null && cause.getMessage() != null && (message == null || !message.contains(cause.getMessage()))) {
            return message + " (" + cause.getMessage() + ")";
        }
        return message;
    }
}
