package io.sail4j.application;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.AdapterConfig;
import io.sail4j.core.lora.LoraSource;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.rules.AdapterRules;
import io.sail4j.core.error.Findings;
import io.sail4j.core.rules.RequestRules;
import io.sail4j.ports.in.Blocking;
import io.sail4j.ports.in.TokenCompleter;
import io.sail4j.ports.in.TokenCompleterOptions;
import io.sail4j.ports.in.TokenCompleters;
import io.sail4j.ports.out.CheckpointUrlSource;
import io.sail4j.ports.out.LoraSourceProvider;
import io.sail4j.ports.out.SailBackend;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes token completers: the catalog rules at construction, then the right LoRA supply. */
final class CompleterFactory implements TokenCompleters {
    private static final Logger LOG = LoggerFactory.getLogger(CompleterFactory.class);

    private final SailBackend backend;
    private final CatalogHolder catalog;
    private final Optional<CheckpointUrlSource> defaultCheckpointSource;
    private final List<LoraSourceProvider> providers;
    private final Clock clock;

    CompleterFactory(SailBackend backend, CatalogHolder catalog, Optional<CheckpointUrlSource> defaultCheckpointSource,
                     List<LoraSourceProvider> providers, Clock clock) {
        this.backend = backend;
        this.catalog = catalog;
        this.defaultCheckpointSource = defaultCheckpointSource;
        this.providers = List.copyOf(providers);
        this.clock = clock;
    }

    @Override
    public TokenCompleter create(TokenCompleterOptions options) {
        Objects.requireNonNull(options, "options");
        ModelCatalog known = Blocking.await(catalog.ready());
        Optional<BaseModel> listed = known.find(options.model());
        BaseModel model = listed.orElse(BaseModel.known(options.model()));
        Set<Violation> violations = new LinkedHashSet<>(
                RequestRules.checkWindow(model, options.completionWindow(), options.usesLora(), true).errors());
        if (options.usesLora()) {
            if (listed.isEmpty()) {
                violations.add(Violation.of("model", "does not support LoRA serving (it is not in the model catalog)",
                        options.model()));
            } else {
                violations.addAll(RequestRules.checkLoraModel(model).errors());
            }
            if (options.adapterConfig().isPresent() && model.takesLoras()) {
                violations.addAll(checkConfig(options, options.adapterConfig().get(), model).errors());
            }
        }
        Optional<CheckpointUrlSource> checkpointSource = options.checkpointUrlSource().or(() -> defaultCheckpointSource);
        if (options.sourceKind() == TokenCompleterOptions.SourceKind.CHECKPOINT && checkpointSource.isEmpty()) {
            violations.add(Violation.of("tinker_checkpoint", "needs a CheckpointUrlSource to resolve signed URLs: pass one"
                    + " in the options or configure one on Sail"));
        }
        Optional<LoraSourceProvider> provider = options.loraLocator()
                .flatMap(locator -> providers.stream().filter(p -> p.handles(locator)).findFirst());
        if (options.sourceKind() == TokenCompleterOptions.SourceKind.LOCATOR && provider.isEmpty()) {
            violations.add(Violation.of("lora_locator", "is handled by no LoraSourceProvider", options.loraLocator().get()));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(List.copyOf(violations));
        }
        return new BackendTokenCompleter(backend, options, supply(options, model, checkpointSource, provider));
    }

    private LoraSupply supply(TokenCompleterOptions options, BaseModel model, Optional<CheckpointUrlSource> checkpointSource,
                              Optional<LoraSourceProvider> provider) {
        switch (options.sourceKind()) {
            case REGISTERED:
                return LoraSupply.fixed(Optional.of(LoraSource.registered(options.lora().get())));
            case SIGNED_URL:
                return LoraSupply.fixed(Optional.of(new LoraSource.TinkerCheckpoint(options.tinkerLoraSignedUrl().get(),
                        options.adapterConfig().get(), options.tinkerLoraName())));
            case CHECKPOINT: {
                CheckpointUrlSource source = checkpointSource.get();
                AdapterConfig config = options.adapterConfig().get();
                return new RefreshingLoraSupply(() -> source.signedUrl(options.tinkerCheckpoint().get(), options.checkpointTtl())
                        .thenApply(url -> new LoraSource.TinkerCheckpoint(url, config, options.tinkerLoraName())),
                        clock, options.refreshMargin());
            }
            case LOCATOR: {
                LoraSourceProvider resolver = provider.get();
                String locator = options.loraLocator().get();
                return new RefreshingLoraSupply(() -> resolver.resolve(locator).thenApply(source -> checked(options, source, model)),
                        clock, options.refreshMargin());
            }
            default:
                return LoraSupply.none();
        }
    }

    /** A provider's Tinker checkpoint must fit the model like any adapter. */
    private static LoraSource checked(TokenCompleterOptions options, LoraSource source, BaseModel model) {
        if (source instanceof LoraSource.TinkerCheckpoint checkpoint) {
            checkConfig(options, checkpoint.adapterConfig(), model).orThrow();
        }
        return source;
    }

    private static Findings checkConfig(TokenCompleterOptions options, AdapterConfig config, BaseModel model) {
        Findings findings = AdapterRules.checkConfig(config, model);
        findings.warnings().forEach(w -> LOG.warn("token completer for {}: {}", options.model(), w));
        return findings;
    }
}
