package io.sail4j.core.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import io.sail4j.core.tinker.SignedCheckpointUrl;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

// A request has at most one LoRA source: lora and tinker_lora_signed_url are mutually exclusive,
// and adapter_config is required with tinker_lora_signed_url.
class LoraSourceTest {
    static final SignedCheckpointUrl URL = SignedCheckpointUrl.of(
            "https://storage.example/ckpt.tar?X-Signature=s3cr3t", Instant.parse("2030-01-01T00:00:00Z"));
    static final AdapterConfig CONFIG = AdapterConfig.of(Map.of("peft_type", "LORA", "r", 8));

    @Test
    void aRegisteredLoraByName() {
        LoraSource source = LoraSource.fromParts("funnier-v1", null, null, null).orElseThrow();
        LoraSource.Registered registered = assertInstanceOf(LoraSource.Registered.class, source);
        assertEquals(LoraRef.of(LoraName.of("funnier-v1")), registered.ref());
    }

    @Test
    void aRegisteredLoraByUuid() {
        UUID id = UUID.fromString("3f2b8c4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f");
        LoraSource source = LoraSource.fromParts(id.toString(), null, null, null).orElseThrow();
        assertEquals(new LoraSource.Registered(LoraRef.of(id)), source);
    }

    @Test
    void aTinkerCheckpointWithItsConfigAndOptionalName() {
        LoraSource source = LoraSource.fromParts(null, URL, CONFIG, "rl-step-7").orElseThrow();
        LoraSource.TinkerCheckpoint tinker = assertInstanceOf(LoraSource.TinkerCheckpoint.class, source);
        assertEquals(URL, tinker.url());
        assertEquals(CONFIG, tinker.adapterConfig());
        assertEquals(Optional.of("rl-step-7"), tinker.name());
        assertEquals(Optional.empty(), ((LoraSource.TinkerCheckpoint) LoraSource.fromParts(null, URL, CONFIG, null)
                .orElseThrow()).name());
    }

    @Test
    void noPartsMeansNoLora() {
        assertEquals(Optional.empty(), LoraSource.fromParts(null, null, null, null));
    }

    static Stream<Arguments> illegalCombinations() {
        return Stream.of(
                Arguments.of("both sources: mutually exclusive", "funnier-v1", URL, CONFIG, List.of("lora")),
                Arguments.of("URL without config: adapter_config required", null, URL, null, List.of("adapter_config")),
                Arguments.of("both sources and no config: every broken rule", "funnier-v1", URL, null,
                        List.of("lora", "adapter_config")),
                Arguments.of("config alone: no URL to go with it", null, null, CONFIG, List.of("tinker_lora_signed_url")),
                Arguments.of("registered lora with a config: the config belongs to a Tinker checkpoint", "funnier-v1",
                        null, CONFIG, List.of("adapter_config")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("illegalCombinations")
    void illegalCombinationsAreRefusedSayingWhy(String why, String lora, SignedCheckpointUrl url, AdapterConfig config,
                                                List<String> fields) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> LoraSource.fromParts(lora, url, config, null));
        assertEquals(fields, e.violations().stream().map(Violation::field).toList(), e.getMessage());
        assertTrue(!e.getMessage().contains("s3cr3t"), "the signed URL's query never shows: " + e.getMessage());
    }

    @Test
    void anInvalidLoraNameIsRefusedUnderLora() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> LoraSource.fromParts("Funnier_V1", null, null, null));
        assertTrue(e.names("lora"), e.getMessage());
    }
}
