package io.github.nitfiji.family.finetune;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.family.CardChecks;
import io.github.nitfiji.family.nit.NitFamily;
import io.github.nitfiji.family.nit.NitPresets;
import io.github.nitfiji.io.JsonFields;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.labels.ClassMatcher;
import io.github.nitfiji.labels.ClassTable;
import io.github.nitfiji.model.SafetensorsWeights;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.pipeline.GeneratedImage;
import io.github.nitfiji.pipeline.GenerationService;
import io.github.nitfiji.pipeline.GenerationSpec;
import io.github.nitfiji.pipeline.ModelFamily;
import io.github.nitfiji.pipeline.ModelFiles;
import io.github.nitfiji.pipeline.ModelSelection;
import io.github.nitfiji.pipeline.PresetChoice;
import io.github.nitfiji.pipeline.SamplingStage;
import io.github.nitfiji.pipeline.Setting;
import io.github.nitfiji.pipeline.StageOptions;
import io.github.nitfiji.sampling.Preset;
import io.github.nitfiji.sampling.PresetTable;
import io.github.nitfiji.sampling.SamplingSettings;
import io.github.nitfiji.train.FineTune;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A fine-tune made on this machine ({@code train}): an installed NiT (its base, named with its
 * SHA-256) with LoRA adapters (or full weights) merged in at load, and its own classes after the
 * null class (1001, 1002, ...), which a prompt matches first. It samples, presets and all, as its
 * base does.
 */
public final class FineTuneFamily implements ModelFamily {
    private static final NitFamily NIT = new NitFamily();
    /** The file role of the fine-tune's own weights (the adapters and class rows). */
    private static final String ADAPTER = "adapter";

    @Override
    public String jsonName() {
        return "nit-finetune";
    }

    @Override
    public boolean downloadable() {
        return false;
    }

    @Override
    public String displayName() {
        return "NiT fine-tune";
    }

    @Override
    public String checkpointDescription() {
        return "a NiT fine-tune";
    }

    /** A fine-tune is a card and its folder, never a file named directly: no checkpoint is one. */
    @Override
    public boolean recognises(Set<String> keys) {
        return false;
    }

    @Override
    public List<Setting> fileSettings() {
        return List.of(Setting.MODEL);
    }

    @Override
    public boolean claims(GenerationSpec spec) {
        return false;
    }

    @Override
    public boolean takes(Setting setting) {
        return NIT.takes(setting);
    }

    @Override
    public void checkConfig(JsonFields config) {
        CardChecks.classModel(config);
    }

    /** A fine-tune's card names its base (id and SHA-256) and its own classes. */
    @Override
    public void checkCard(JsonFields card) {
        JsonFields base = card.requiredObject("base");
        base.requiredString("id");
        if (!base.requiredString("sha256").matches("[0-9a-fA-F]{64}")) {
            throw base.error("sha256", "must be the base weights' SHA-256 (64 hexadecimal digits)");
        }
        if (card.requiredStringArray("classes").isEmpty()) {
            throw card.error("classes", "must name the fine-tune's own classes");
        }
    }

    /** The weights file holds adapters, not a checkpoint: no architecture check applies to it. */
    @Override
    public Map<String, long[]> expectedShapes(JsonObject config, String source) {
        return null;
    }

    @Override
    public List<Preset> presets(ModelCard card) {
        return NIT.presets(card);
    }

    /** Its base's presets: a fine-tune samples as its base does. */
    @Override
    public PresetChoice preset(Preset preset, ModelSelection model, ModelCatalog catalog, int width, int height)
            throws ModelException {
        PresetTable.Entry entry = preset.choose(width, height, NitPresets.of(catalog.require(baseId(model.card)),
                catalog));
        return new PresetChoice(entry.toString(), entry.settings);
    }

    @Override
    public SamplingSettings custom(GenerationSpec spec, SamplingSettings base) {
        return NIT.custom(spec, base);
    }

    /**
     * The base's installed weights and the fine-tune's own; the base must be the very one the
     * fine-tune was made on (its SHA-256), or the request stops here naming what to install.
     */
    @Override
    public ModelFiles files(ModelCard card, ModelStore store) throws ModelException {
        FineTune fineTune = fineTune(card, store);
        try {
            fineTune.checkBase(store.weightsSha256(fineTune.baseId).orElse(null));
        } catch (IllegalArgumentException e) {
            throw new ModelException(ModelException.Reason.NOT_INSTALLED, e.getMessage(), e);
        }
        return ModelFiles.builder()
                .put(ModelFiles.WEIGHTS, store.weightsPath(fineTune.baseId), "weights of the base model " + fineTune.baseId)
                .put(ADAPTER, store.weightsPath(card.id()), "weights of fine-tune " + card.id())
                .cardConfig(card.config()).build();
    }

    @Override
    public ModelFiles files(GenerationSpec spec) {
        throw new IllegalStateException("a fine-tune is chosen by its id, not by files");
    }

    @Override
    public SamplingStage load(ModelSelection model, StageOptions options, Consumer<String> warn) throws IOException {
        NitConfig config = NitConfig.fromJson(model.files.cardConfig().toString(), "model card " + model.modelId);
        FineTune fineTune = FineTune.of(model.modelId, baseId(model.card), baseSha256(model.card),
                classNames(model.card), model.files.get(ADAPTER));
        return NitFamily.stage(options, warn, device -> {
            try (SafetensorsFile base = SafetensorsFile.open(model.files.weights())) {
                return fineTune.load(config, new SafetensorsWeights(base), device, options.precision);
            }
        });
    }

    /** Its own classes first, then ImageNet's. */
    @Override
    public ClassMatcher classes(ModelSelection model) {
        return new ClassMatcher(table(model));
    }

    @Override
    public int lastClass(ModelSelection model) {
        return ClassTable.NULL_CLASS + classNames(model.card).size();
    }

    @Override
    public String classRange(ModelSelection model) {
        return "0..999 are the ImageNet classes, " + ClassTable.NULL_CLASS + " = unconditional, "
                + ClassTable.FIRST_OWN_CLASS + ".." + lastClass(model) + " are " + model.modelId + "'s own: "
                + String.join(", ", classNames(model.card));
    }

    @Override
    public String className(int index, ModelSelection model) {
        return index > ClassTable.NULL_CLASS ? table(model).byIndex(index).map(c -> c.name()).orElse("unknown")
                : GenerationService.className(index);
    }

    @Override
    public void provenance(Map<String, String> p, ModelSelection model, GeneratedImage image) {
        ModelFamily.super.provenance(p, model, image);
        p.put("nit.base_model", baseId(model.card));
        p.put("nit.base_sha256", baseSha256(model.card));
        p.put("nit.fine_tune", model.modelId);
    }

    private static ClassTable table(ModelSelection model) {
        return ClassTable.imageNet().withOwnClasses(classNames(model.card));
    }

    private static FineTune fineTune(ModelCard card, ModelStore store) throws ModelException {
        return FineTune.of(card.id(), baseId(card), baseSha256(card), classNames(card), store.weightsPath(card.id()));
    }

    private static String baseId(ModelCard card) {
        return base(card).get("id").getAsString();
    }

    private static String baseSha256(ModelCard card) {
        return base(card).get("sha256").getAsString();
    }

    private static JsonObject base(ModelCard card) {
        return card.field("base").filter(JsonElement::isJsonObject).map(JsonElement::getAsJsonObject)
                .orElseThrow(() -> new IllegalStateException("fine-tune card " + card.source() + " names no base"));
    }

    private static List<String> classNames(ModelCard card) {
        List<String> names = new ArrayList<>();
        card.field("classes").filter(JsonElement::isJsonArray)
                .ifPresent(a -> a.getAsJsonArray().forEach(e -> names.add(e.getAsString())));
        return names;
    }
}
