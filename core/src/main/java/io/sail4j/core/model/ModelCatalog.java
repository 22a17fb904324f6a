package io.sail4j.core.model;

import io.sail4j.core.error.InvalidRequestException;
import io.sail4j.core.error.Violation;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The base models sail4j checks requests against. {@link #builtIn()} holds what Sail documents
 * (Kimi-K2.6); {@link #mergedWith} folds in what {@code GET /v1/models} reports, keeping the built-in
 * facts wherever the server leaves a field out.
 */
public final class ModelCatalog {
    public static final ModelId KIMI_K2_6 = ModelId.of("moonshotai/Kimi-K2.6");

    private static final ModelCatalog BUILT_IN = new ModelCatalog(List.of(kimiK26()));

    private final Map<ModelId, BaseModel> models;

    private ModelCatalog(Collection<BaseModel> models) {
        Map<ModelId, BaseModel> byId = new LinkedHashMap<>();
        models.forEach(m -> byId.put(m.id(), m));
        this.models = Map.copyOf(byId);
    }

    public static ModelCatalog builtIn() {
        return BUILT_IN;
    }

    public static ModelCatalog of(Collection<BaseModel> models) {
        return new ModelCatalog(models);
    }

    public Optional<BaseModel> find(ModelId id) {
        return Optional.ofNullable(models.get(id));
    }

    /** The model, or an {@link InvalidRequestException} naming {@code field}. */
    public BaseModel require(ModelId id, String field) {
        BaseModel model = models.get(id);
        if (model == null) {
            throw new InvalidRequestException(Violation.of(field, "must be a known Sail model id", id));
        }
        return model;
    }

    public Collection<BaseModel> models() {
        return models.values();
    }

    /** This catalog plus (or with replaced) {@code model}. */
    public ModelCatalog with(BaseModel model) {
        Map<ModelId, BaseModel> next = new LinkedHashMap<>(models);
        next.put(model.id(), model);
        return new ModelCatalog(next.values());
    }

    /**
     * This catalog updated from a server listing: every listed model is present afterwards; where the
     * server gives no LoRA support or windows for a model this catalog knows, the known values stay.
     * Architectures are never reported by the server, so known ones are kept.
     */
    public ModelCatalog mergedWith(Collection<BaseModel> reported) {
        Map<ModelId, BaseModel> next = new LinkedHashMap<>(models);
        for (BaseModel server : reported) {
            BaseModel known = models.get(server.id());
            if (known == null) {
                next.put(server.id(), server);
                continue;
            }
            next.put(server.id(), new BaseModel(server.id(),
                    server.lora().isPresent() ? server.lora() : known.lora(),
                    server.windowsKnown() ? server.windows() : known.windows(),
                    server.architecture().isPresent() ? server.architecture() : known.architecture()));
        }
        return new ModelCatalog(next.values());
    }

    /** Kimi-K2.6 as Sail documents it: LoRAs up to rank 32 on any module, all four windows. */
    private static BaseModel kimiK26() {
        LinearShape expertUp = new LinearShape(2048, 7168);
        LinearShape expertDown = new LinearShape(7168, 2048);
        Map<String, LinearShape> attention = Map.of(
                "self_attn.q_a_proj", new LinearShape(1536, 7168),
                "self_attn.q_b_proj", new LinearShape(12288, 1536),
                "self_attn.kv_a_proj_with_mqa", new LinearShape(576, 7168),
                "self_attn.kv_b_proj", new LinearShape(16384, 512),
                "self_attn.o_proj", new LinearShape(7168, 8192));
        Map<String, LinearShape> dense = new LinkedHashMap<>(attention);
        dense.put("mlp.gate_proj", new LinearShape(18432, 7168));
        dense.put("mlp.up_proj", new LinearShape(18432, 7168));
        dense.put("mlp.down_proj", new LinearShape(7168, 18432));
        Map<String, LinearShape> moe = new LinkedHashMap<>(attention);
        moe.put("mlp.shared_experts.gate_proj", expertUp);
        moe.put("mlp.shared_experts.up_proj", expertUp);
        moe.put("mlp.shared_experts.down_proj", expertDown);
        Map<String, LinearShape> perExpert = Map.of("gate_proj", expertUp, "up_proj", expertUp, "down_proj", expertDown);
        ModelArchitecture architecture = new ModelArchitecture("kimi_k2",
                Map.of("lm_head", new LinearShape(163840, 7168)),
                List.of(new ModelArchitecture.LayerGroup(0, 0, dense, 0, Map.of()),
                        new ModelArchitecture.LayerGroup(1, 60, moe, 384, perExpert)));
        return new BaseModel(KIMI_K2_6, Optional.of(LoraSupport.anyModule(32)),
                Set.copyOf(CompletionWindow.KNOWN), Optional.of(architecture));
    }
}
