package io.sail4j.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sail4j.core.safetensors.DType;
import io.sail4j.ports.local.LocalAdapter;
import io.sail4j.ports.local.SyntheticAdapter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes the adapter directory a corpus case describes: a {@link SyntheticAdapter} (shaped by
 * {@code synthetic}), then the replacements the case asks for. Safetensors files are generated here
 * from their description, so no binary is committed; tensor data is left as a hole (sparse).
 */
final class AdapterFiles {
    private AdapterFiles() {
    }

    /** The directory to register, written under {@code root}. */
    static Path write(JsonNode adapter, Path root) throws IOException {
        Path dir = root.resolve("adapter");
        if (adapter.path("noDirectory").asBoolean(false)) {
            return root.resolve("no-such-adapter");
        }
        synthetic(adapter.path("synthetic")).writeTo(dir);
        Path config = dir.resolve(LocalAdapter.CONFIG_FILE);
        if (adapter.has("configText")) {
            Files.writeString(config, adapter.get("configText").asText(), StandardCharsets.UTF_8);
        }
        if (adapter.has("configNesting")) {
            Files.writeString(config, nested(adapter.get("configNesting").asInt(), "{\"a\":", "}", "1"), StandardCharsets.UTF_8);
        }
        if (adapter.has("configSparseBytes")) {
            Files.delete(config);
            try (RandomAccessFile file = new RandomAccessFile(config.toFile(), "rw")) {
                file.write('{');
                file.setLength(adapter.get("configSparseBytes").asLong());
            }
        }
        if (adapter.has("weights")) {
            writeSafetensors(adapter.get("weights"), dir.resolve(LocalAdapter.WEIGHTS_FILE));
        }
        if (adapter.has("weightsSparseBytes")) {
            try (RandomAccessFile file = new RandomAccessFile(dir.resolve(LocalAdapter.WEIGHTS_FILE).toFile(), "rw")) {
                file.setLength(adapter.get("weightsSparseBytes").asLong());
            }
        }
        if (adapter.path("weightsAsDirectory").asBoolean(false)) {
            Path weights = dir.resolve(LocalAdapter.WEIGHTS_FILE);
            Files.delete(weights);
            Files.createDirectory(weights);
        }
        for (JsonNode name : adapter.path("remove")) {
            Files.delete(dir.resolve(name.asText()));
        }
        return dir;
    }

    private static SyntheticAdapter synthetic(JsonNode shape) {
        SyntheticAdapter adapter = SyntheticAdapter.kimi();
        if (shape.has("rank")) {
            adapter.rank(shape.get("rank").asInt());
        }
        if (shape.has("inFeatures")) {
            adapter.inFeatures(shape.get("inFeatures").asLong());
        }
        shape.path("configField").properties().forEach(field ->
                adapter.configField(field.getKey(), field.getValue().isNull() ? null
                        : BadInputCase.JSON.convertValue(field.getValue(), Object.class)));
        return adapter;
    }

    /**
     * A safetensors file: {@code fileBytes} zero bytes, or the 8-byte length prefix ({@code headerLength},
     * else the header's length) and the header (raw {@code header}, {@code headerNesting} levels of
     * arrays, or built from {@code tensors} and {@code metadata}) padded with spaces to 8 bytes, then
     * {@code dataBytes} of tensor data (else as far as the tensors reach).
     */
    static void writeSafetensors(JsonNode spec, Path file) throws IOException {
        Files.deleteIfExists(file);
        if (spec.has("fileBytes")) {
            try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
                out.setLength(spec.get("fileBytes").asLong());
            }
            return;
        }
        long[] dataEnd = {0};
        String header;
        if (spec.has("header")) {
            header = spec.get("header").asText();
        } else if (spec.has("headerNesting")) {
            header = "{\"x\":" + nested(spec.get("headerNesting").asInt(), "[", "]", "0") + "}";
        } else {
            header = header(spec, dataEnd);
        }
        StringBuilder padded = new StringBuilder(header);
        while (padded.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) {
            padded.append(' ');
        }
        byte[] headerBytes = padded.toString().getBytes(StandardCharsets.UTF_8);
        long headerLength = spec.has("headerLength") ? spec.get("headerLength").asLong() : headerBytes.length;
        long data = spec.has("dataBytes") ? spec.get("dataBytes").asLong() : dataEnd[0];
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength).flip());
            out.write(ByteBuffer.wrap(headerBytes));
            if (data > 0) {
                out.write(ByteBuffer.wrap(new byte[1]), 8L + headerBytes.length + data - 1);
            }
        }
    }

    /** The header JSON for {@code tensors}: offsets as given, else laid out one after the other. */
    private static String header(JsonNode spec, long[] dataEnd) {
        ObjectNode header = BadInputCase.JSON.createObjectNode();
        if (spec.has("metadata")) {
            header.set("__metadata__", spec.get("metadata"));
        }
        long offset = 0;
        for (JsonNode tensor : spec.path("tensors")) {
            String name = BadInputCase.expand(tensor.get("name").asText());
            if (tensor.has("spec")) {
                header.set(name, tensor.get("spec"));
                continue;
            }
            ObjectNode entry = header.putObject(name);
            JsonNode dtype = tensor.has("dtype") ? tensor.get("dtype") : BadInputCase.JSON.getNodeFactory().textNode("BF16");
            entry.set("dtype", dtype);
            entry.set("shape", tensor.get("shape"));
            if (tensor.has("offsets")) {
                entry.set("data_offsets", tensor.get("offsets"));
                for (JsonNode end : tensor.get("offsets")) {
                    dataEnd[0] = Math.max(dataEnd[0], end.asLong());
                }
            } else {
                long bytes = DType.fromWire(dtype.asText()).orElseThrow().bits() / 8;
                for (JsonNode dimension : tensor.get("shape")) {
                    bytes *= dimension.asLong();
                }
                ArrayNode offsets = entry.putArray("data_offsets");
                offsets.add(offset).add(offset + bytes);
                offset += bytes;
                dataEnd[0] = Math.max(dataEnd[0], offset);
            }
        }
        return header.toString();
    }

    private static String nested(int depth, String open, String close, String inner) {
        return open.repeat(depth) + inner + close.repeat(depth);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
