package io.sail4j.acceptance;

import static io.sail4j.acceptance.Fixtures.KIMI;
import static io.sail4j.acceptance.Fixtures.QUICK;
import static io.sail4j.ports.in.Blocking.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import io.sail4j.adapter.fake.FakeBackendModule;
import io.sail4j.adapter.fake.InMemorySail;
import io.sail4j.adapter.fake.ManualClock;
import io.sail4j.application.Sail;
import io.sail4j.application.SailModule;
import io.sail4j.core.lora.LoraRef;
import io.sail4j.core.lora.LoraSource;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.sampling.ModelInput;
import io.sail4j.core.sampling.StopCondition;
import io.sail4j.ports.in.LoraFiles;
import io.sail4j.ports.in.Loras;
import io.sail4j.ports.in.RegisterLora;
import io.sail4j.ports.in.TextRequests;
import io.sail4j.ports.in.TokenCompleter;
import io.sail4j.ports.in.TokenCompleterOptions;
import io.sail4j.ports.in.TokenCompleters;
import io.sail4j.ports.local.SyntheticAdapter;
import io.sail4j.ports.out.CheckpointUrlSource;
import io.sail4j.ports.out.LoraSourceProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SailModule over a backend module: every use case injectable, sources contributed through Guice. */
class GuiceWiringTest {
    @TempDir
    Path tmp;

    /** Resolves {@code team:NAME} to the team's registered LoRA {@code team-NAME}. */
    static final class TeamLoras implements LoraSourceProvider {
        @Override
        public boolean handles(String locator) {
            return locator.startsWith("team:");
        }

        @Override
        public CompletableFuture<LoraSource> resolve(String locator) {
            return CompletableFuture.completedFuture(LoraSource.registered(LoraRef.parse("team-" + locator.substring(5))));
        }
    }

    @Test
    void useCasesAreInjectableAndContributedSourcesAreUsed() {
        ManualClock clock = ManualClock.startingAt2026();
        try (InMemorySail fake = InMemorySail.create();
             CheckpointArchiveServer tinker = new CheckpointArchiveServer(tmp, clock, Duration.ofMinutes(15))) {
            Injector injector = Guice.createInjector(FakeBackendModule.of(fake, "sk_guice"), new SailModule(), new AbstractModule() {
                @Override
                protected void configure() {
                    Multibinder.newSetBinder(binder(), LoraSourceProvider.class).addBinding().to(TeamLoras.class);
                    OptionalBinder.newOptionalBinder(binder(), CheckpointUrlSource.class).setBinding().toInstance(tinker);
                    OptionalBinder.newOptionalBinder(binder(), ModelCatalog.class).setBinding().toInstance(Fixtures.wideCatalog());
                }
            });
            Sail sail = injector.getInstance(Sail.class);
            assertSame(sail, injector.getInstance(Sail.class));
            assertSame(sail.loras(), injector.getInstance(Loras.class));
            assertSame(sail.files(), injector.getInstance(LoraFiles.class));
            assertSame(sail.text(), injector.getInstance(TextRequests.class));
            assertTrue(sail.catalog().find(Fixtures.PLAIN).isPresent(), "the bound catalog is used");

            Path adapter = SyntheticAdapter.kimi().writeTo(tmp.resolve("team")).directory();
            await(injector.getInstance(Loras.class).register(RegisterLora.fromDirectory(adapter).name("team-jokes").models(KIMI)
                    .awaitValidation(QUICK).build()));
            TokenCompleters completers = injector.getInstance(TokenCompleters.class);

            TokenCompleter byLocator = completers.create(TokenCompleterOptions.builder(KIMI.value(), 4).loraLocator("team:jokes").build());
            assertTrue(await(byLocator.complete(ModelInput.of(1, 2, 3), StopCondition.none())).length() > 0);

            TokenCompleter byCheckpoint = completers.create(TokenCompleterOptions.builder(KIMI.value(), 4)
                    .tinkerCheckpoint("tinker://run-9/sampler_weights/step-1").adapterConfig(SyntheticAdapter.kimi().config()).build());
            assertTrue(await(byCheckpoint.complete(ModelInput.of(1, 2, 3), StopCondition.none())).length() > 0);
            assertEquals(1, tinker.urlsHandedOut(), "the bound CheckpointUrlSource resolved the checkpoint");

            sail.close();
        }
    }
}
