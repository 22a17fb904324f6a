package io.sail4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A Markdown table built row by row. */
final class MarkdownTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    MarkdownTable(String... header) {
        this.header = List.of(header);
    }

    MarkdownTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells for " + header.size() + " columns");
        }
        rows.add(Arrays.stream(cells).map(String::valueOf).toList());
        return this;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        line(out, header);
        out.append('|');
        header.forEach(h -> out.append(" --- |"));
        out.append('\n');
        rows.forEach(row -> line(out, row));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        out.append('|');
        cells.forEach(cell -> out.append(' ').append(cell.replace("|", "\\|")).append(" |"));
        out.append('\n');
    }

    /** {@code value} with {@code decimals} places (a dash for NaN). */
    static String fixed(double value, int decimals) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    /** A ratio as {@code 1.23x}. */
    static String ratio(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "-" : String.format(Locale.ROOT, "%.2fx", value);
    }

    /** Bytes as MiB with one decimal. */
    static String mib(double bytes) {
        return Double.isNaN(bytes) || bytes < 0 ? "-" : String.format(Locale.ROOT, "%,.1f MiB", bytes / (1024.0 * 1024));
    }

    static String bytes(long bytes) {
        return String.format(Locale.ROOT, "%,d B", bytes);
    }
}
