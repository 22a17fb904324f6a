package io.sail4j.core.lora;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How a request names a LoRA ({@code metadata.lora}, {@code GET /v1/loras/{name_or_id}}): by name or
 * by UUID. A UUID can never be a valid name's twin by accident only in shape, so the two are told
 * apart by form: the canonical 8-4-4-4-12 hex form is an id, anything else must be a valid name.
 */
public sealed interface LoraRef permits LoraRef.ByName, LoraRef.ById {
    Pattern UUID_FORM = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** The text sent on the wire. */
    String value();

    record ByName(LoraName name) implements LoraRef {
        @Override
        public String value() {
            return name.value();
        }

        @Override
        public String toString() {
            return name.value();
        }
    }

    record ById(UUID id) implements LoraRef {
        @Override
        public String value() {
            return id.toString();
        }

        @Override
        public String toString() {
            return id.toString();
        }
    }

    static LoraRef parse(String text) {
        return parse("lora", text);
    }

    /** A UUID or a valid name; otherwise an {@link InvalidRequestException} naming {@code field}. */
    static LoraRef parse(String field, String text) {
        if (text != null && UUID_FORM.matcher(text).matches()) {
            return new ById(UUID.fromString(text));
        }
        if (!LoraName.isValid(text)) {
            throw new InvalidRequestException(Violation.of(field,
                    "must be a LoRA UUID or a name that " + LoraName.RULE.substring("must be ".length()), text));
        }
        return new ByName(new LoraName(text));
    }

    static LoraRef of(LoraName name) {
        return new ByName(name);
    }

    static LoraRef of(UUID id) {
        return new ById(id);
    }
}
