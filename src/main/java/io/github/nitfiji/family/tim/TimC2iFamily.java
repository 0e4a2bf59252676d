package io.github.nitfiji.family.tim;

import com.google.gson.JsonObject;
import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.family.CardChecks;
import io.github.nitfiji.family.FamilyFiles;
import io.github.nitfiji.io.JsonFields;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.SafetensorsWeights;
import io.github.nitfiji.model.tim.TimConfig;
import io.github.nitfiji.model.tim.TimTransformer;
import io.github.nitfiji.pipeline.GeneratedImage;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.GenerationSpec;
import io.github.nitfiji.pipeline.ModelFiles;
import io.github.nitfiji.pipeline.ModelSelection;
import io.github.nitfiji.pipeline.SamplingStage;
import io.github.nitfiji.pipeline.Setting;
import io.github.nitfiji.pipeline.StageOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * TiM-C2I (Transition Model, class-conditional): few-step generation with the transition sampler,
 * from noise only, trained at one size (its card's {@code input_size}).
 */
public final class TimC2iFamily extends TimFamilyBase {
    private static final int GRID = GenerationRequest.PIXELS_PER_LATENT;
    private static final Set<Setting> TAKES = Set.of(Setting.TIM_MODE, Setting.STOCHASTICITY, Setting.SDE_NOISE,
            Setting.CLASSES);

    @Override
    public String jsonName() {
        return "tim-c2i";
    }

    @Override
    public String displayName() {
        return "TiM-C2I";
    }

    /** Measured within the bars at the real shape (docs/performance-cpu.md): its products take bfloat16. */
    @Override
    public boolean bf16Transformer() {
        return true;
    }

    @Override
    public String checkpointDescription() {
        return "a TiM-C2I (class-conditional TiM) checkpoint";
    }

    @Override
    String presetCard() {
        return "tim-c2i-512";
    }

    @Override
    public void checkConfig(JsonFields config) {
        CardChecks.classModel(config);
    }

    @Override
    public Map<String, long[]> expectedShapes(JsonObject config, String source) {
        return TimConfig.fromJson(config.toString(), source).expectedShapes();
    }

    @Override
    public boolean recognises(Set<String> keys) {
        return FamilyFiles.hasTimKeys(keys) && keys.contains("y_embedder.embedding_table.weight");
    }

    @Override
    public List<Setting> fileSettings() {
        return List.of(Setting.TIM_WEIGHTS, Setting.TIM_CONFIG);
    }

    @Override
    public boolean claims(GenerationSpec spec) {
        return spec.file(Setting.TIM_WEIGHTS) != null && spec.file(Setting.TEXT_ENCODER) == null;
    }

    @Override
    public boolean takes(Setting setting) {
        return TAKES.contains(setting);
    }

    @Override
    public ModelFiles files(ModelCard card, ModelStore store) throws ModelException {
        return ModelFiles.builder().put(ModelFiles.WEIGHTS, store.weightsPath(card.id()), "weights of model " + card.id())
                .cardConfig(card.config()).build();
    }

    @Override
    public ModelFiles files(GenerationSpec spec) throws IOException {
        FamilyFiles.checkSafetensors(this, spec.file(Setting.TIM_WEIGHTS), spec.file(Setting.TIM_CONFIG) != null, Setting.TIM_CONFIG,
                spec.names());
        return ModelFiles.builder().put(ModelFiles.WEIGHTS, spec.file(Setting.TIM_WEIGHTS), spec.names().of(Setting.TIM_WEIGHTS))
                .put(ModelFiles.CONFIG, spec.file(Setting.TIM_CONFIG), spec.names().of(Setting.TIM_CONFIG)).build();
    }

    @Override
    public SamplingStage load(ModelSelection model, StageOptions options, Consumer<String> warn) throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(model.files.weights())) {
            return new TimC2iStage(TimTransformer.load(config(model), new SafetensorsWeights(file), options.device,
                    options.precision, options.bf16Matmuls(), options.attention, warn));
        }
    }

    /** The card's architecture, else the config file given, else the weights' own metadata. */
    private static TimConfig config(ModelSelection model) throws IOException {
        JsonObject card = model.files.cardConfig();
        if (card != null) {
            return TimConfig.fromJson(card.toString(), "model card " + model.modelId);
        }
        Path file = model.files.get(ModelFiles.CONFIG);
        if (file != null) {
            return TimConfig.fromFile(file);
        }
        try (SafetensorsFile weights = SafetensorsFile.open(model.files.weights())) {
            return TimConfig.fromWeights(weights);
        }
    }

    /** The trained size in pixels (e.g. "512x512"), or null when the architecture does not say. */
    private static String trainedSize(ModelSelection model) {
        try {
            int side = config(model).trainedLatentSide * GRID;
            return side > 0 ? side + "x" + side : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> sizeNotice(ModelSelection model, int width, int height) {
        String trained = trainedSize(model);
        if (trained == null || trained.equals(width + "x" + height)) {
            return Optional.empty();
        }
        return Optional.of(model.describe() + " was trained at " + trained.replace("x", " x ") + " px; " + width
                + " x " + height + " px is outside it: it runs, but expect lower quality.");
    }

    @Override
    public void provenance(Map<String, String> p, ModelSelection model, GeneratedImage image) {
        super.provenance(p, model, image);
        String trained = trainedSize(model);
        if (trained != null) {
            boolean inside = trained.equals(image.width + "x" + image.height);
            p.put("nit.trained_size", trained + (inside ? "" : " (this image is outside it)"));
        }
    }
}
