package io.sail4j.ports.local;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.lora.AdapterConfig;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.rules.AdapterRules;
import io.sail4j.core.rules.FileRules;
import io.sail4j.core.error.Findings;
import io.sail4j.core.safetensors.SafetensorsHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A PEFT adapter on disk, read for preflight: the parsed {@code adapter_config.json} and only the
 * header of {@code adapter_model.safetensors}. What could not be read is in {@link #readFindings()};
 * {@link #checkFor} adds every {@code core} rule for a target model.
 */
public record LocalAdapter(Path configFile, Path weightsFile, long configBytes, long weightsBytes,
                           Optional<AdapterConfig> config, Optional<SafetensorsHeader> header,
                           Findings readFindings, long bytesRead) {
    public static final String CONFIG_FILE = "adapter_config.json";
    public static final String WEIGHTS_FILE = "adapter_model.safetensors";
    /** Real PEFT configs are a few KiB; a bigger one is not parsed locally. */
    public static final long MAX_CONFIG_PARSE_BYTES = 64L * 1024 * 1024;

    /** Reads {@code adapter_config.json} and {@code adapter_model.safetensors} from a directory. */
    public static LocalAdapter read(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new InvalidRequestException(Violation.of("adapter_dir", "must be a directory holding "
                    + CONFIG_FILE + " and " + WEIGHTS_FILE, directory));
        }
        return read(directory.resolve(CONFIG_FILE), directory.resolve(WEIGHTS_FILE));
    }

    public static LocalAdapter read(Path configFile, Path weightsFile) {
        Findings.Collector found = new Findings.Collector();
        if (!Files.isRegularFile(configFile)) {
            found.error("config_file", "must be a readable file", configFile);
        }
        if (!Files.isRegularFile(weightsFile)) {
            found.error("weights_file", "must be a readable file", weightsFile);
        }
        if (found.errorCount() > 0) {
            return new LocalAdapter(configFile, weightsFile, -1, -1, Optional.empty(), Optional.empty(), found.findings(), 0);
        }
        try {
            long configBytes = Files.size(configFile);
            long weightsBytes = Files.size(weightsFile);
            found.add(FileRules.checkSize("config_file", configBytes));
            found.add(FileRules.checkSize("weights_file", weightsBytes));
            Optional<AdapterConfig> config = Optional.empty();
            long bytesRead = 0;
            if (configBytes > MAX_CONFIG_PARSE_BYTES) {
                found.error("adapter_config", "is too large to be a PEFT config (over 64 MiB)", configBytes + " bytes");
            } else {
                byte[] json = Files.readAllBytes(configFile);
                bytesRead += json.length;
                try {
                    config = Optional.of(PeftJson.parseConfig("adapter_config", json));
                } catch (InvalidRequestException e) {
                    e.violations().forEach(found::error);
                }
            }
            SafetensorsReader.Result weights = SafetensorsReader.read(weightsFile);
            bytesRead += weights.bytesRead();
            found.add(weights.findings());
            return new LocalAdapter(configFile, weightsFile, configBytes, weightsBytes, config, weights.header(),
                    found.findings(), bytesRead);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read adapter files", e);
        }
    }

    /** Everything wrong with this adapter for {@code model}: read problems, config rules, shapes. */
    public Findings checkFor(BaseModel model) {
        Findings findings = readFindings;
        if (config.isPresent()) {
            findings = findings.and(AdapterRules.checkConfig(config.get(), model));
            if (header.isPresent()) {
                findings = findings.and(AdapterRules.checkWeights(config.get(), header.get(), model));
            }
        }
        return findings;
    }
}
