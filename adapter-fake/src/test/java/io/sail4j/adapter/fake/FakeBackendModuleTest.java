package io.sail4j.adapter.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.ports.out.SailBackend;
import org.junit.jupiter.api.Test;

class FakeBackendModuleTest {

    @Test
    void theDefaultModuleGivesOneFakeAndABackendOnIt() {
        Injector injector = Guice.createInjector(FakeBackendModule.withDefaults());
        try (InMemorySail sail = injector.getInstance(InMemorySail.class)) {
            assertSame(sail, injector.getInstance(InMemorySail.class));
            SailBackend backend = injector.getInstance(SailBackend.class);
            assertSame(backend, injector.getInstance(SailBackend.class));
            assertEquals(ModelCatalog.KIMI_K2_6, backend.listModels().join().get(0).id());
        }
    }

    @Test
    void aGivenFakeIsBoundAsIs() {
        try (InMemorySail sail = InMemorySail.builder().manual().build()) {
            Injector injector = Guice.createInjector(FakeBackendModule.of(sail, "sk_mine"));
            assertSame(sail, injector.getInstance(InMemorySail.class));
            assertEquals(1, injector.getInstance(SailBackend.class).listModels().join().size());
        }
    }
}
