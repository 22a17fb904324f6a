package io.sail4j.ports.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sail4j.core.model.BaseModel;
import io.sail4j.core.model.LinearShape;
import io.sail4j.core.model.ModelArchitecture;
import io.sail4j.core.model.ModelCatalog;
import io.sail4j.core.safetensors.DType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a real PEFT adapter (an {@code adapter_config.json} and a well-formed
 * {@code adapter_model.safetensors}) for a catalog model: small ones for tests and demos, and sparse
 * full-size exports (a rank-32 Kimi-K2.6 export in F32 is about 82 GB) whose tensor bytes are holes on
 * disk, for preflight and upload benchmarks. Deliberately broken variants come from the same builder
 * ({@link #rank}, {@link #configField}, {@link #inFeatures}) so tests exercise real files.
 */
public final class SyntheticAdapter {
    private final BaseModel model;
    private int rank = 8;
    private List<Integer> layers = List.of(1, 2);
    private List<String> modules = List.of("self_attn.q_a_proj", "self_attn.kv_a_proj_with_mqa", "self_attn.o_proj");
    private int experts;
    private boolean lmHead;
    private DType dtype = DType.BF16;
    private boolean tinkerPrefix;
    private boolean sparse;
    private long inFeaturesOverride = -1;
    private final Map<String, Object> configOverrides = new LinkedHashMap<>();

    private SyntheticAdapter(BaseModel model) {
        this.model = model;
    }

    /** A rank-8 adapter on three attention modules of layers 1 and 2 of Kimi-K2.6, in BF16. */
    public static SyntheticAdapter kimi() {
        return new SyntheticAdapter(ModelCatalog.builtIn().find(ModelCatalog.KIMI_K2_6).orElseThrow());
    }

    public static SyntheticAdapter forModel(BaseModel model) {
        if (model.architecture().isEmpty()) {
            throw new IllegalArgumentException(model.id() + " has no known architecture to write an adapter for");
        }
        return new SyntheticAdapter(model);
    }

    /**
     * Every linear module of every layer, all experts, and lm_head, at rank 32: what a full export of a
     * model looks like (for Kimi-K2.6, ~138k tensors and a ~20 MB header). Combine with {@link #sparse}.
     */
    public SyntheticAdapter fullExport() {
        ModelArchitecture architecture = model.architecture().orElseThrow();
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < architecture.layerCount(); i++) {
            all.add(i);
        }
        this.layers = all;
        this.modules = null;
        this.experts = Integer.MAX_VALUE;
        this.lmHead = true;
        this.rank = model.lora().map(l -> l.maxRank()).orElse(32);
        return this;
    }

    /** Rank written into both the config's {@code r} and every tensor shape. */
    public SyntheticAdapter rank(int value) {
        this.rank = value;
        return this;
    }

    public SyntheticAdapter layers(Integer... values) {
        this.layers = List.of(values);
        return this;
    }

    /** Module paths within a layer (e.g. {@code self_attn.q_b_proj}); {@code null} means all of them. */
    public SyntheticAdapter modules(String... values) {
        this.modules = values == null ? null : List.of(values);
        return this;
    }

    /** Also target this many routed experts (gate/up/down) in MoE layers. */
    public SyntheticAdapter experts(int count) {
        this.experts = count;
        return this;
    }

    public SyntheticAdapter lmHead(boolean value) {
        this.lmHead = value;
        return this;
    }

    public SyntheticAdapter dtype(DType value) {
        this.dtype = value;
        return this;
    }

    /** Name layers {@code base_model.model.model.layers.N} as Tinker exports do (default: the {@code language_model} form). */
    public SyntheticAdapter tinkerPrefix(boolean value) {
        this.tinkerPrefix = value;
        return this;
    }

    /** Leave the tensor bytes as a hole (sparse file): full size on paper, only the header on disk. */
    public SyntheticAdapter sparse(boolean value) {
        this.sparse = value;
        return this;
    }

    /** Writes lora_A's input dimension as {@code value} where the model has its hidden size: an adapter for another model. */
    public SyntheticAdapter inFeatures(long value) {
        this.inFeaturesOverride = value;
        return this;
    }

    /** Sets (or, with {@code null}, removes) a field of adapter_config.json. */
    public SyntheticAdapter configField(String key, Object value) {
        configOverrides.put(key, value);
        return this;
    }

    /** The adapter_config.json this builder writes. */
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("base_model_name_or_path", model.id().value());
        config.put("peft_type", "LORA");
        config.put("task_type", "CAUSAL_LM");
        config.put("r", rank);
        config.put("lora_alpha", rank * 2);
        config.put("lora_dropout", 0.0);
        config.put("bias", "none");
        config.put("target_modules", modules == null ? "all-linear"
                : modules.stream().map(m -> m.substring(m.lastIndexOf('.') + 1)).distinct().toList());
        configOverrides.forEach((k, v) -> {
            if (v == null) {
                config.remove(k);
            } else {
                config.put(k, v);
            }
        });
        return config;
    }

    public byte[] configJson() {
        try {
            return PeftJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(config());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What was written. */
    public record Written(Path directory, Path configFile, Path weightsFile, int tensors, long weightsBytes,
                          long headerBytes) {
    }

    /** Writes {@code adapter_config.json} and {@code adapter_model.safetensors} into {@code directory}. */
    public Written writeTo(Path directory) {
        try {
            Files.createDirectories(directory);
            Path configFile = directory.resolve(LocalAdapter.CONFIG_FILE);
            Path weightsFile = directory.resolve(LocalAdapter.WEIGHTS_FILE);
            Files.write(configFile, configJson());
            List<Tensor> tensors = tensors();
            byte[] header = header(tensors);
            long dataBytes = tensors.isEmpty() ? 0 : tensors.get(tensors.size() - 1).end;
            try (FileChannel out = FileChannel.open(weightsFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
                writeFully(out, prefix);
                writeFully(out, ByteBuffer.wrap(header));
                if (sparse) {
                    if (dataBytes > 0) {
                        out.write(ByteBuffer.wrap(new byte[1]), 8L + header.length + dataBytes - 1);
                    }
                } else {
                    writeData(out, dataBytes);
                }
            }
            return new Written(directory, configFile, weightsFile, tensors.size(), 8L + header.length + dataBytes, header.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write synthetic adapter to " + directory, e);
        }
    }

    /**
     * Writes the adapter as a Tinker checkpoint archive: a tar (gzipped when {@code gzip}) holding
     * {@code adapter_config.json} and {@code adapter_model.safetensors}. Small adapters only.
     */
    public Path writeArchive(Path tarFile, boolean gzip) {
        try {
            Path staging = Files.createTempDirectory("sail4j-adapter");
            Written written = writeTo(staging);
            try (OutputStream file = Files.newOutputStream(tarFile);
                 OutputStream out = gzip ? new GZIPOutputStream(file) : file) {
                tarEntry(out, LocalAdapter.CONFIG_FILE, Files.readAllBytes(written.configFile()));
                tarEntry(out, LocalAdapter.WEIGHTS_FILE, Files.readAllBytes(written.weightsFile()));
                out.write(new byte[1024]);
            }
            Files.delete(written.configFile());
            Files.delete(written.weightsFile());
            Files.delete(staging);
            return tarFile;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint archive " + tarFile, e);
        }
    }

    private record Tensor(String name, long[] shape, long begin, long end) {
    }

    private List<Tensor> tensors() {
        ModelArchitecture architecture = model.architecture().orElseThrow();
        List<String> paths = new ArrayList<>();
        for (int layer : layers) {
            for (ModelArchitecture.LayerGroup group : architecture.layerGroups()) {
                if (layer < group.firstLayer() || layer > group.lastLayer()) {
                    continue;
                }
                group.modules().keySet().stream().sorted()
                        .filter(m -> modules == null || modules.contains(m))
                        .forEach(m -> paths.add("layers." + layer + "." + m));
                for (int e = 0; e < Math.min(experts, group.experts()); e++) {
                    for (String m : group.perExpert().keySet().stream().sorted().toList()) {
                        paths.add("layers." + layer + ".mlp.experts." + e + "." + m);
                    }
                }
            }
        }
        if (lmHead && architecture.linear("lm_head").isPresent()) {
            paths.add("lm_head");
        }
        String prefix = tinkerPrefix ? "base_model.model.model." : "base_model.model.language_model.model.";
        List<Tensor> tensors = new ArrayList<>(paths.size() * 2);
        long offset = 0;
        for (String path : paths) {
            LinearShape shape = architecture.linear(path).orElseThrow();
            String name = path.equals("lm_head") ? "base_model.model.lm_head" : prefix + path;
            long in = inFeaturesOverride > 0 && shape.in() == 7168 ? inFeaturesOverride : shape.in();
            long[] a = {rank, in};
            long[] b = {shape.out(), rank};
            offset = add(tensors, name + ".lora_A.weight", a, offset);
            offset = add(tensors, name + ".lora_B.weight", b, offset);
        }
        return tensors;
    }

    private long add(List<Tensor> tensors, String name, long[] shape, long offset) {
        long bytes = Arrays.stream(shape).reduce(1, (x, y) -> x * y) * dtype.bits() / 8;
        tensors.add(new Tensor(name, shape, offset, offset + bytes));
        return offset + bytes;
    }

    private byte[] header(List<Tensor> tensors) {
        StringBuilder json = new StringBuilder(tensors.size() * 140 + 64);
        json.append("{\"__metadata__\":{\"format\":\"pt\"}");
        for (Tensor t : tensors) {
            json.append(",\"").append(t.name).append("\":{\"dtype\":\"").append(dtype.name()).append("\",\"shape\":[")
                    .append(t.shape[0]).append(',').append(t.shape[1]).append("],\"data_offsets\":[")
                    .append(t.begin).append(',').append(t.end).append("]}");
        }
        json.append('}');
        // The format aligns the data section to 8 bytes by padding the header with spaces.
        while (json.length() % 8 != 0) {
            json.append(' ');
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeData(FileChannel out, long bytes) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        for (int i = 0; i < chunk.capacity(); i++) {
            chunk.put(i, (byte) ((i * 31 + 7) & 0x3f));
        }
        long left = bytes;
        while (left > 0) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), left));
            left -= chunk.remaining();
            writeFully(out, chunk);
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    private static void tarEntry(OutputStream out, String name, byte[] content) throws IOException {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", content.length));
        put(header, 136, String.format("%011o", 0L));
        Arrays.fill(header, 148, 156, (byte) ' ');
        header[156] = '0';
        put(header, 257, "ustar");
        put(header, 263, "00");
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        header[155] = ' ';
        out.write(header);
        out.write(content);
        int pad = (512 - content.length % 512) % 512;
        out.write(new byte[pad]);
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    @Override
    public String toString() {
        return "SyntheticAdapter[" + model.id() + ", r=" + rank + ", layers=" + layers.size() + ", " + dtype + "]";
    }

}
