package io.sail4j.bench;

import java.util.List;

/** One benchmark's part of BENCHMARKS.md: a title, what was run, its tables and notes. */
final class Section {
    private final String title;
    private final StringBuilder body = new StringBuilder();

    Section(String title) {
        this.title = title;
    }

    Section text(String paragraph) {
        body.append(paragraph.strip()).append("\n\n");
        return this;
    }

    Section table(MarkdownTable table) {
        body.append(table.render()).append('\n');
        return this;
    }

    Section bullets(List<String> items) {
        items.forEach(item -> body.append("- ").append(item).append('\n'));
        body.append('\n');
        return this;
    }

    String render() {
        return "## " + title + "\n\n" + body;
    }
}
