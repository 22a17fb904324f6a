package io.sail4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions of the libraries compared against, as the build pinned them. */
final class BenchVersions {
    private static final Properties VERSIONS = load();

    static final String OPENAI_JAVA = VERSIONS.getProperty("openai-java", "unknown");
    static final String JACKSON = VERSIONS.getProperty("jackson", "unknown");
    static final String JMH = VERSIONS.getProperty("jmh", "unknown");

    private BenchVersions() {
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BenchVersions.class.getResourceAsStream("/bench-versions.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
