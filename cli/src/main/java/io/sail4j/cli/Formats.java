package io.sail4j.cli;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** How numbers look in human output. */
final class Formats {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Formats() {
    }

    /** {@code 1.5 MiB}. */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** {@code 120 ms}, {@code 2.4 s}, {@code 3m 05s}, {@code 1h 02m}. */
    static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = duration.toSeconds();
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
    }

    /** {@code [1, 2, 3, ... 61 more]}: at most {@code shown} values. */
    static String ints(int[] values, int shown) {
        String listed = IntStream.of(values).limit(shown).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        return "[" + listed + (values.length > shown ? ", ... " + (values.length - shown) + " more" : "") + "]";
    }

    /** {@code [-0.51, -1.20]}: at most {@code shown} values, two decimals. */
    static String logprobs(double[] values, int shown) {
        String listed = Arrays.stream(values).limit(shown).mapToObj(v -> String.format(Locale.ROOT, "%.2f", v))
                .collect(Collectors.joining(", "));
        return "[" + listed + (values.length > shown ? ", ... " + (values.length - shown) + " more" : "") + "]";
    }

    /** The text cut to {@code max} characters with an ellipsis, on one line. */
    static String oneLine(String text, int max) {
        String flat = text.replace("\r", "").replace("\n", "\\n");
        return flat.length() <= max ? flat : flat.substring(0, max - 3) + "...";
    }
}
