package io.sail4j.cli;

import io.sail4j.ports.out.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarRenderer;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.ProgressState;

/**
 * Progress of uploads and waits, on standard error so standard output keeps only results. On a
 * terminal: progress bars. Otherwise (a pipe, a CI log): a plain line every {@value #PLAIN_EVERY_SECONDS}
 * seconds while an upload runs, so a 100 GiB upload shows signs of life without flooding the log; short
 * uploads print nothing. With {@code --json}, plain lines are left out.
 */
final class Progress {
    static final int PLAIN_EVERY_SECONDS = 10;
    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;

    private final CliContext context;
    private final boolean plainLines;

    Progress(CliContext context, boolean json) {
        this.context = context;
        this.plainLines = !json;
    }

    /** A listener that shows progress until closed. */
    interface Tracker extends ProgressListener, AutoCloseable {
        @Override
        void close();
    }

    /** Bytes uploaded of a total the listener is told. */
    Tracker upload(String task) {
        if (context.interactive()) {
            return new BarTracker(task, context.err());
        }
        return plainLines ? new PlainTracker(task, context.err()) : Silent.INSTANCE;
    }

    /** Something without a measurable end (a validation): elapsed time, until closed. */
    Tracker waiting(String task, Duration upTo) {
        if (context.interactive()) {
            ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(-1).setUpdateIntervalMillis(200)
                    .setRenderer(new WaitRenderer(upTo)).clearDisplayOnFinish().setConsumer(new BarConsumer(context.err()))
                    .build();
            return new Tracker() {
                @Override
                public void onProgress(long done, long total) {
                    // a wait has no progress of its own to report; the bar shows the time passing
                }

                @Override
                public void close() {
                    bar.close();
                }
            };
        }
        if (plainLines) {
            context.err().println(task + " (up to " + Formats.duration(upTo) + ")...");
            context.err().flush();
        }
        return Silent.INSTANCE;
    }

    private enum Silent implements Tracker {
        INSTANCE;

        @Override
        public void onProgress(long bytesSent, long totalBytes) {
        }

        @Override
        public void close() {
        }
    }

    /** A bar built on the first report, when the total is known. */
    private static final class BarTracker implements Tracker {
        private final String task;
        private final PrintWriter err;
        private ProgressBar bar;

        BarTracker(String task, PrintWriter err) {
            this.task = task;
            this.err = err;
        }

        @Override
        public synchronized void onProgress(long bytesSent, long totalBytes) {
            if (bar == null) {
                // at least ten units, so the counts say something
                long unit = totalBytes >= 10 * GIB ? GIB : totalBytes >= 10 * MIB ? MIB : KIB;
                String unitName = unit == GIB ? "GiB" : unit == MIB ? "MiB" : "KiB";
                bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(totalBytes).setUnit(" " + unitName, unit)
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).showSpeed().clearDisplayOnFinish()
                        .setConsumer(new BarConsumer(err)).build();
            }
            bar.stepTo(bytesSent);
        }

        @Override
        public synchronized void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }

    /** A line now and then: {@code upload x: 37% (37.0 GiB of 100.0 GiB, 512.0 MiB/s)}. */
    private static final class PlainTracker implements Tracker {
        private final String task;
        private final PrintWriter err;
        private final long started = System.nanoTime();
        private long lastLine = started;

        PlainTracker(String task, PrintWriter err) {
            this.task = task;
            this.err = err;
        }

        @Override
        public synchronized void onProgress(long bytesSent, long totalBytes) {
            long now = System.nanoTime();
            if (now - lastLine < Duration.ofSeconds(PLAIN_EVERY_SECONDS).toNanos() || totalBytes <= 0) {
                return;
            }
            lastLine = now;
            double seconds = (now - started) / 1e9;
            err.println(String.format(Locale.ROOT, "%s: %d%% (%s of %s, %s/s)", task, bytesSent * 100 / totalBytes,
                    Formats.bytes(bytesSent), Formats.bytes(totalBytes), Formats.bytes((long) (bytesSent / seconds))));
            err.flush();
        }

        @Override
        public void close() {
        }
    }

    /**
     * Draws on the error writer and, once the bar is cleared, leaves the cursor at the start of an empty
     * line (the library's own console consumer ends with a line break, which would leave a blank line).
     */
    private static final class BarConsumer extends ConsoleProgressBarConsumer {
        private final PrintWriter err;

        BarConsumer(PrintWriter err) {
            super(System.err);
            this.err = err;
        }

        @Override
        public void accept(String rendered) {
            err.print('\r');
            err.print(rendered);
            err.flush();
        }

        @Override
        public void close() {
            err.flush();
        }
    }

    /** {@code validating funnier-v1 [   <=>    ] 0:03 elapsed, up to 30m 00s}. */
    private static final class WaitRenderer implements ProgressBarRenderer {
        private static final int TRACK = 16;
        private final Duration upTo;

        WaitRenderer(Duration upTo) {
            this.upTo = upTo;
        }

        @Override
        public String render(ProgressState state, int maxLength) {
            long elapsed = state.getTotalElapsed().toMillis();
            int span = TRACK - 3;
            int step = (int) (elapsed / 150 % (2L * span));
            int position = step < span ? step : 2 * span - step;
            String track = " ".repeat(position) + "<=>" + " ".repeat(span - position);
            String line = state.getTaskName() + " [" + track + "] " + Formats.duration(Duration.ofMillis(elapsed))
                    + " elapsed, up to " + Formats.duration(upTo);
            return maxLength > 0 && line.length() > maxLength ? line.substring(0, maxLength) : line;
        }
    }
}
