package io.sail4j.adapter.fake.internal;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.AdapterConfig;
import io.sail4j.core.lora.ValidationStatus;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.rules.AdapterRules;
import io.sail4j.core.error.Findings;
import io.sail4j.core.rules.SafetensorsRules;
import io.sail4j.ports.local.PeftJson;
import io.sail4j.ports.local.SafetensorsReader;
import java.util.List;
import java.util.stream.Collectors;

/** Validates an adapter (config bytes and the weights' head) against one model, as Sail's validation does. */
public final class AdapterValidator {
    private static final int LISTED = 20;

    private AdapterValidator() {
    }

    /** The outcome of one validation. */
    public record Verdict(ValidationStatus status, String code, String message) {
        public static final Verdict SUCCEEDED = new Verdict(ValidationStatus.SUCCEEDED, null, null);

        public boolean failed() {
            return status == ValidationStatus.FAILED;
        }
    }

    public static Verdict validate(FileContent config, FileContent weights, BaseModel model) {
        if (model.architecture().isEmpty()) {
            return new Verdict(ValidationStatus.UNVERIFIED, ResultCodes.NO_ARCHITECTURE,
                    "no architecture is known for " + model.id() + "; the adapter's shapes were not checked");
        }
        Findings.Collector found = new Findings.Collector();
        AdapterConfig parsed = null;
        if (!config.whole()) {
            found.error("adapter_config", "is too large to be a PEFT config (over 1 MiB)", config.size() + " bytes");
        } else {
            try {
                parsed = PeftJson.parseConfig("adapter_config", config.head());
            } catch (InvalidRequestException e) {
                e.violations().forEach(found::error);
            }
        }
        return judge(parsed, found, weights, model);
    }

    /** A checkpoint whose config came with the request and whose weights came from its archive. */
    public static Verdict validate(AdapterConfig config, FileContent weights, BaseModel model) {
        if (model.architecture().isEmpty()) {
            return new Verdict(ValidationStatus.UNVERIFIED, ResultCodes.NO_ARCHITECTURE,
                    "no architecture is known for " + model.id() + "; the adapter's shapes were not checked");
        }
        return judge(config, new Findings.Collector(), weights, model);
    }

    private static Verdict judge(AdapterConfig config, Findings.Collector found, FileContent weights, BaseModel model) {
        if (config != null) {
            found.add(AdapterRules.checkConfig(config, model));
        }
        SafetensorsRules.Checked header = SafetensorsReader.readPrefix(weights.head(), weights.head().length, weights.size());
        found.add(header.findings());
        if (config != null && header.header().isPresent()) {
            found.add(AdapterRules.checkWeights(config, header.header().get(), model));
        }
        Findings findings = found.findings();
        if (findings.ok()) {
            return Verdict.SUCCEEDED;
        }
        return new Verdict(ValidationStatus.FAILED, codeFor(findings.errors()), message(findings.errors()));
    }

    /** The first code that applies, in the order {@link ResultCodes} documents. */
    static String codeFor(List<Violation> errors) {
        List<String> order = List.of(ResultCodes.INVALID_ADAPTER_CONFIG, ResultCodes.INVALID_SAFETENSORS,
                ResultCodes.RANK_TOO_LARGE, ResultCodes.SHAPE_MISMATCH);
        return errors.stream().map(AdapterValidator::classify).min((a, b) -> order.indexOf(a) - order.indexOf(b))
                .orElse(ResultCodes.SHAPE_MISMATCH);
    }

    private static String classify(Violation violation) {
        String field = violation.field();
        if (field.startsWith("adapter_config")) {
            // AdapterRules words every max-rank violation as "... max rank N"
            return violation.rule().contains("max rank") ? ResultCodes.RANK_TOO_LARGE
                    : ResultCodes.INVALID_ADAPTER_CONFIG;
        }
        if (field.startsWith(SafetensorsRules.FIELD)) {
            return ResultCodes.INVALID_SAFETENSORS;
        }
        return ResultCodes.SHAPE_MISMATCH;
    }

    private static String message(List<Violation> errors) {
        String listed = errors.stream().limit(LISTED).map(Violation::toString).collect(Collectors.joining("; "));
        return errors.size() > LISTED ? listed + "; and " + (errors.size() - LISTED) + " more" : listed;
    }
}
