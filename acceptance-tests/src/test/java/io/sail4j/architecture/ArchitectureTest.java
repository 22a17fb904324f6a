package io.sail4j.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static io.sail4j.architecture.ProductionClasses.requireClassesIn;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The module map as rules: dependencies point inward (core <- ports <- adapters), libraries stay in
 * the modules that own them, adapters stay out of each other and out of internals. Each rule first
 * asserts that the packages it names hold classes.
 */
class ArchitectureTest {
    static final String CORE = "io.sail4j.core";
    static final String PORTS = "io.sail4j.ports";
    static final String APPLICATION = "io.sail4j.application";
    static final String ADAPTER = "io.sail4j.adapter";
    static final String HTTP = "io.sail4j.adapter.http";
    static final String TINKER = "io.sail4j.adapter.tinker";
    static final String FAKE = "io.sail4j.adapter.fake";
    static final List<String> ADAPTERS = List.of(HTTP, TINKER, FAKE);

    static final String HTTP_CLIENT_5 = "org.apache.hc..";
    static final String FAILSAFE = "dev.failsafe..";
    static final String GUICE = "com.google.inject..";

    static JavaClasses sail4j() {
        return ProductionClasses.all();
    }

    @Test
    void coreDependsOnJavaPackagesOnly() {
        requireClassesIn(CORE);
        classes().that().resideInAPackage(CORE + "..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", CORE + "..")
                .because("core is the domain: JDK only, no libraries")
                .check(sail4j());
    }

    @Test
    void httpClientAndFailsafeOnlyInTheHttpAndTinkerAdapters() {
        requireClassesIn(HTTP, TINKER, CORE, PORTS, FAKE);
        noClasses().that().resideInAPackage(ProductionClasses.ROOT + "..")
                .and().resideOutsideOfPackages(HTTP + "..", TINKER + "..")
                .should().dependOnClassesThat().resideInAnyPackage(HTTP_CLIENT_5, FAILSAFE)
                .because("HttpClient 5 and Failsafe are transport details of adapter-http and adapter-tinker")
                .check(sail4j());
    }

    @ParameterizedTest(name = "{0} stays out of application and other modules' internal packages")
    @ValueSource(strings = {HTTP, TINKER, FAKE})
    void adaptersNeverTouchApplicationOrInternalPackages(String adapter) {
        requireClassesIn(adapter, APPLICATION);
        DescribedPredicate<JavaClass> forbidden = resideInAPackage(APPLICATION + "..")
                .or(resideInAPackage("..internal..").and(not(resideInAPackage(adapter + ".."))))
                .as("reside in " + APPLICATION + ".. or in an internal package of another module");
        noClasses().that().resideInAPackage(adapter + "..")
                .should().dependOnClassesThat(forbidden)
                .because("adapters implement ports.out and see only ports and core; an adapter's own internal package is its own")
                .check(sail4j());
    }

    @Test
    void noAdapterDependsOnAnother() {
        requireClassesIn(ADAPTERS.toArray(String[]::new));
        slices().matching(ADAPTER + ".(*)..").namingSlices("adapter-$1")
                .should().notDependOnEachOther()
                .because("a composition root picks adapters; one adapter never reaches into another")
                .check(sail4j());
    }

    @Test
    void noCyclesBetweenTopLevelPackages() {
        requireClassesIn(CORE, PORTS, ADAPTER);
        slices().matching(ProductionClasses.ROOT + ".(*)..")
                .should().beFreeOfCycles()
                .check(sail4j());
    }

    @Test
    void noCyclesBetweenAnyTwoPackages() {
        requireClassesIn(CORE, PORTS, ADAPTER);
        // Each package is its own slice, so core.lora <-> core.rules counts as a cycle too.
        slices().matching(ProductionClasses.ROOT + ".(**)")
                .should().beFreeOfCycles()
                .check(sail4j());
    }

    @Test
    void guiceOnlyInTheApplicationPackageAndAdapterGuiceModules() {
        requireClassesIn(APPLICATION);
        for (String adapter : ADAPTERS) {
            requireClassesIn(adapter);
            assertTrue(ProductionClasses.in(adapter).stream().anyMatch(ArchitectureTest::isGuiceModule),
                    adapter + " holds no Guice module (a class implementing com.google.inject.Module)");
        }
        DescribedPredicate<JavaClass> adapterGuiceModule = describe("adapter Guice modules",
                c -> ProductionClasses.within(c, ADAPTER) && isOrIsInsideGuiceModule(c));
        noClasses().that().resideInAPackage(ProductionClasses.ROOT + "..")
                .and().resideOutsideOfPackage(APPLICATION + "..")
                .and(not(adapterGuiceModule))
                .should().dependOnClassesThat().resideInAPackage(GUICE)
                .because("Guice stays in the composition code: every binding has a plain-Java twin")
                .check(sail4j());
    }

    @Test
    void noJavaxInject() {
        requireClassesIn(CORE, PORTS, ADAPTER);
        noClasses().that().resideInAPackage(ProductionClasses.ROOT + "..")
                .should().dependOnClassesThat().resideInAPackage("javax.inject..")
                .because("Guice 7 silently ignores javax.inject annotations; use jakarta.inject")
                .check(sail4j());
    }

    /** By name, since library classes are not imported (see archunit.properties): Module or its usual base classes. */
    static boolean isGuiceModule(JavaClass javaClass) {
        return javaClass.isAssignableTo("com.google.inject.Module") || javaClass.isAssignableTo("com.google.inject.AbstractModule")
                || javaClass.isAssignableTo("com.google.inject.PrivateModule");
    }

    static boolean isOrIsInsideGuiceModule(JavaClass javaClass) {
        return isGuiceModule(javaClass) || javaClass.getEnclosingClass().map(ArchitectureTest::isOrIsInsideGuiceModule).orElse(false);
    }
}
