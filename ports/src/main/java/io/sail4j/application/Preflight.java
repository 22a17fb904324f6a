package io.sail4j.application;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.model.ModelId;
import io.sail4j.core.error.Findings;
import io.sail4j.core.rules.RequestRules;
import io.sail4j.ports.in.PreflightReport;
import io.sail4j.ports.local.LocalAdapter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The local check before an upload: {@link LocalAdapter} reads the adapter, the catalog says what each model takes. */
final class Preflight {
    private Preflight() {
    }

    static PreflightReport ofDirectory(Path directory, List<ModelId> models, ModelCatalog catalog) {
        try {
            return report(LocalAdapter.read(directory), models, catalog);
        } catch (InvalidRequestException e) {
            return refused(directory.resolve(LocalAdapter.CONFIG_FILE), directory.resolve(LocalAdapter.WEIGHTS_FILE),
                    e.violations(), models, catalog);
        } catch (UncheckedIOException e) {
            return refused(directory.resolve(LocalAdapter.CONFIG_FILE), directory.resolve(LocalAdapter.WEIGHTS_FILE),
                    List.of(Violation.of("adapter", "cannot be read", e.getCause().getMessage())), models, catalog);
        }
    }

    static PreflightReport ofFiles(Path configFile, Path weightsFile, List<ModelId> models, ModelCatalog catalog) {
        try {
            return report(LocalAdapter.read(configFile, weightsFile), models, catalog);
        } catch (UncheckedIOException e) {
            return refused(configFile, weightsFile, List.of(Violation.of("adapter", "cannot be read", e.getCause().getMessage())),
                    models, catalog);
        }
    }

    /** Every model must be known to the catalog and take LoRAs; the findings are per model. */
    static Map<ModelId, Findings> checkModels(List<ModelId> models, ModelCatalog catalog) {
        Map<ModelId, Findings> byModel = new LinkedHashMap<>();
        for (int i = 0; i < models.size(); i++) {
            ModelId id = models.get(i);
            Optional<BaseModel> model = catalog.find(id);
            if (model.isEmpty()) {
                byModel.put(id, Findings.error(Violation.of("supported_models[" + i + "]",
                        "must be a known Sail model id that takes LoRAs", id)));
            } else if (!model.get().takesLoras()) {
                String field = "supported_models[" + i + "]";
                byModel.put(id, Findings.errors(RequestRules.checkLoraModel(model.get()).errors().stream()
                        .map(v -> new Violation(field, v.rule(), v.value())).toList()));
            }
        }
        return byModel;
    }

    private static PreflightReport report(LocalAdapter adapter, List<ModelId> models, ModelCatalog catalog) {
        Map<ModelId, Findings> byModel = checkModels(models, catalog);
        Set<Violation> errors = new LinkedHashSet<>(adapter.readFindings().errors());
        Set<Violation> warnings = new LinkedHashSet<>(adapter.readFindings().warnings());
        for (ModelId id : models) {
            Findings findings = byModel.containsKey(id) ? byModel.get(id)
                    : adapter.checkFor(catalog.find(id).orElseThrow());
            byModel.put(id, findings);
            errors.addAll(findings.errors());
            warnings.addAll(findings.warnings());
        }
        return new PreflightReport(adapter.configFile(), adapter.weightsFile(), adapter.configBytes(), adapter.weightsBytes(),
                adapter.bytesRead(), byModel, new ArrayList<>(errors), new ArrayList<>(warnings));
    }

    private static PreflightReport refused(Path configFile, Path weightsFile, List<Violation> readErrors,
                                           List<ModelId> models, ModelCatalog catalog) {
        Map<ModelId, Findings> byModel = checkModels(models, catalog);
        Set<Violation> errors = new LinkedHashSet<>(readErrors);
        byModel.values().forEach(f -> errors.addAll(f.errors()));
        return new PreflightReport(configFile, weightsFile, -1, -1, 0, byModel, new ArrayList<>(errors), List.of());
    }
}
