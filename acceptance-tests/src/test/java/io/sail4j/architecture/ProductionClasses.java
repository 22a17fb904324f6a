package io.sail4j.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static org.junit.jupiter.api.Assertions.fail;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shipped classes of sail4j, as the architecture rules see them: test classes and test-jars
 * (the contract suite, test fixtures) are left out, since the rules are about what users run.
 */
final class ProductionClasses {
    static final String ROOT = "io.sail4j";

    /** Test-jars ({@code *-tests.jar}) are not caught by {@link ImportOption.DoNotIncludeTests}, which knows only directories. */
    private static final ImportOption NO_TEST_JARS = new ImportOption() {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    };

    private static final Map<String, JavaClasses> BY_PACKAGE = new ConcurrentHashMap<>();
    private static volatile JavaClasses all;

    private ProductionClasses() {
    }

    static ClassFileImporter importer() {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(NO_TEST_JARS);
    }

    /** Every production class of sail4j, imported once. */
    static JavaClasses all() {
        JavaClasses classes = all;
        if (classes == null) {
            classes = importer().importPackages(ROOT);
            all = classes;
        }
        return classes;
    }

    /**
     * The production classes in {@code packageName} and its subpackages: what
     * {@code importer().importPackages(packageName)} finds, taken from the one import of {@link #ROOT}.
     */
    static JavaClasses in(String packageName) {
        return BY_PACKAGE.computeIfAbsent(packageName,
                name -> all().that(describe("reside in " + name + " or below", c -> within(c, name))));
    }

    /**
     * Fails unless each package holds production classes, so a rule naming a renamed or moved
     * package fails instead of passing without checking anything.
     */
    static void requireClassesIn(String... packageNames) {
        for (String packageName : packageNames) {
            if (in(packageName).isEmpty()) {
                fail("package " + packageName + " holds no production classes; a rule naming it would check nothing"
                        + " (was it renamed or moved?)");
            }
        }
    }

    static boolean within(JavaClass javaClass, String packageName) {
        String name = javaClass.getPackageName();
        return name.equals(packageName) || name.startsWith(packageName + ".");
    }
}
