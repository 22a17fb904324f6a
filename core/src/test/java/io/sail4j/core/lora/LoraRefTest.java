package io.sail4j.core.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sail4j.core.error.InvalidRequestException;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

// metadata.lora takes the LoRA's name or its UUID; the two are told apart by form.
class LoraRefTest {

    @ParameterizedTest(name = "{0} is a UUID")
    @ValueSource(strings = {"3f2b8c4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f", "3F2B8C4E-1A2B-4C3D-8E9F-0A1B2C3D4E5F",
            "00000000-0000-0000-0000-000000000000"})
    void canonicalUuidFormIsAnId(String text) {
        LoraRef ref = LoraRef.parse(text);
        LoraRef.ById byId = assertInstanceOf(LoraRef.ById.class, ref);
        assertEquals(UUID.fromString(text), byId.id());
        assertEquals(text.toLowerCase(), ref.value());
    }

    @ParameterizedTest(name = "{0} is a name")
    @ValueSource(strings = {"funnier-v1", "ab", "3f2b8c4e-1a2b-4c3d-8e9f", "3f2b8c4e1a2b4c3d8e9f0a1b2c3d4e5f"})
    void anythingElseValidIsAName(String text) {
        LoraRef ref = LoraRef.parse(text);
        LoraRef.ByName byName = assertInstanceOf(LoraRef.ByName.class, ref);
        assertEquals(text, byName.name().value());
        assertEquals(text, ref.value());
        assertEquals(text, ref.toString());
    }

    @ParameterizedTest(name = "{0} is refused under field {1}")
    @CsvSource({
            "Funnier-v1, lora",
            "funnier_v1, metadata.lora",
            "-funnier, lora",
            "3F2B8C4E-1A2B-4C3D-8E9F-0A1B2C3D4E5G, name_or_id"})
    void invalidNamesAreRefusedNamingTheField(String text, String field) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> LoraRef.parse(field, text));
        assertTrue(e.names(field), e.getMessage());
        assertTrue(e.violations().get(0).rule().contains("UUID"), e.getMessage());
    }

    @ParameterizedTest
    @NullAndEmptySource
    void missingRefIsRefusedUnderLora(String text) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> LoraRef.parse(text));
        assertTrue(e.names("lora"), e.getMessage());
    }
}
