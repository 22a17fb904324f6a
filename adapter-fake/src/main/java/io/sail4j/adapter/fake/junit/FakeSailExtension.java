package io.sail4j.adapter.fake.junit;

import io.sail4j.adapter.fake.InMemorySail;
import io.sail4j.adapter.fake.SailEmulator;
import io.sail4j.ports.out.SailBackend;
import java.net.URI;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A fresh fake Sail for every test, reachable in memory or over HTTP.
 *
 * <pre>{@code
 * @ExtendWith(FakeSailExtension.class)
 * class MyTest {
 *     @Test
 *     void works(SailBackend sail) { ... }          // or FakeSail, InMemorySail, SailEmulator
 * }
 *
 * class MyOtherTest {
 *     @RegisterExtension
 *     FakeSailExtension sail = FakeSailExtension.withSettings(fake -> fake.manual());
 *
 *     @Test
 *     void steps() { sail.backend() ...; sail.fake().sail().finishValidations(); }
 * }
 * }</pre>
 *
 * Every test gets its own state, one organization and the API key {@link #DEFAULT_API_KEY} (or the one
 * given to {@link #withApiKey}); the emulator starts only when a test asks for it.
 */
public final class FakeSailExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    public static final String DEFAULT_API_KEY = "sk_test_fake";
    /** The organization the preset key belongs to. */
    public static final String ORGANIZATION = "org-test";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FakeSailExtension.class);

    private final Consumer<InMemorySail.Builder> settings;
    private final String apiKey;
    private FakeSail current;

    /** Default settings: 5 ms validations and responses, the built-in catalog. */
    public FakeSailExtension() {
        this(fake -> { }, DEFAULT_API_KEY);
    }

    private FakeSailExtension(Consumer<InMemorySail.Builder> settings, String apiKey) {
        this.settings = settings;
        this.apiKey = apiKey;
    }

    /** Adjust each test's fake, e.g. {@code fake -> fake.manual()}. */
    public static FakeSailExtension withSettings(Consumer<InMemorySail.Builder> settings) {
        return new FakeSailExtension(Objects.requireNonNull(settings, "settings"), DEFAULT_API_KEY);
    }

    public FakeSailExtension withApiKey(String key) {
        return new FakeSailExtension(settings, Objects.requireNonNull(key, "key"));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        InMemorySail.Builder builder = InMemorySail.builder().organization(ORGANIZATION, apiKey);
        settings.accept(builder);
        FakeSail fake = new FakeSail(builder.build(), apiKey);
        current = fake;
        context.getStore(NAMESPACE).put(FakeSail.class, fake);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        FakeSail fake = context.getStore(NAMESPACE).remove(FakeSail.class, FakeSail.class);
        if (fake != null) {
            fake.close();
        }
        current = null;
    }

    /** This test's fake (inside a test only). */
    public FakeSail fake() {
        if (current == null) {
            throw new IllegalStateException("the fake Sail exists only while a test runs");
        }
        return current;
    }

    public SailBackend backend() {
        return fake().backend();
    }

    public InMemorySail sail() {
        return fake().sail();
    }

    public URI baseUrl() {
        return fake().baseUrl();
    }

    public String apiKey() {
        return apiKey;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == FakeSail.class || type == SailBackend.class || type == InMemorySail.class || type == SailEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        FakeSail fake = context.getStore(NAMESPACE).get(FakeSail.class, FakeSail.class);
        if (fake == null) {
            throw new org.junit.jupiter.api.extension.ParameterResolutionException(
                    "a fake Sail is available to test methods only, not to constructors or lifecycle methods of another scope");
        }
        Class<?> type = parameter.getParameter().getType();
        if (type == SailBackend.class) {
            return fake.backend();
        }
        if (type == InMemorySail.class) {
            return fake.sail();
        }
        if (type == SailEmulator.class) {
            return fake.emulator();
        }
        return fake;
    }
}
