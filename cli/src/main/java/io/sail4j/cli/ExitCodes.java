package io.sail4j.cli;

/** The exit codes of every {@code sail} command; the README and {@code sail --help} list the same. */
public final class ExitCodes {
    /** Done. */
    public static final int OK = 0;
    /** A check found violations, input broke a rule (nothing was sent), or a validation finished failed. */
    public static final int REFUSED = 1;
    /** The command line is wrong, or no API key is configured. */
    public static final int USAGE = 2;
    /** Sail answered with an error, a response failed, or an answer could not be read. */
    public static final int API_ERROR = 3;
    /** The network failed after retries, or a deadline passed (a validation still pending at --timeout). */
    public static final int TRANSPORT = 4;
    /** Something sail4j did not expect: a bug; run again with --verbose and report the stack trace. */
    public static final int INTERNAL = 5;

    private ExitCodes() {
    }

    /** For {@code @Command(exitCodeList = ...)}: {@code "code:description"}. */
    static final String[] HELP = {
            "0:done",
            "1:refused: a check found violations, a rule was broken (nothing sent), or validation failed",
            "2:usage error, or no API key configured",
            "3:Sail answered with an error (shown with its request id), or a response failed",
            "4:network failure after retries, or a deadline passed (e.g. --timeout)",
            "5:internal error: run with --verbose and report the stack trace",
    };
}
