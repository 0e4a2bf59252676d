package io.github.nitfiji.family.tim;

import com.google.gson.JsonObject;
import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.catalog.TextModelFiles;
import io.github.nitfiji.family.CardChecks;
import io.github.nitfiji.family.FamilyFiles;
import io.github.nitfiji.io.JsonFields;
import io.github.nitfiji.model.tim.TimT2iConfig;
import io.github.nitfiji.pipeline.GeneratedImage;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.GenerationSpec;
import io.github.nitfiji.pipeline.ModelFiles;
import io.github.nitfiji.pipeline.ModelSelection;
import io.github.nitfiji.pipeline.SamplingStage;
import io.github.nitfiji.pipeline.Setting;
import io.github.nitfiji.pipeline.StageOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * TiM-T2I: text to image with the transition sampler, conditioned on Gemma-3's hidden states of
 * the prompt. The released checkpoint is a PyTorch {@code .bin} (read without executing anything)
 * carrying no config: its architecture is the released XL one unless a config is given.
 */
public final class TimT2iFamily extends TimFamilyBase {
    private static final int GRID = GenerationRequest.PIXELS_PER_LATENT;
    private static final Set<Setting> TAKES = Set.of(Setting.TIM_MODE, Setting.STOCHASTICITY, Setting.UNICODE_ESCAPE);

    @Override
    public String jsonName() {
        return "tim-t2i";
    }

    @Override
    public boolean readsText() {
        return true;
    }

    @Override
    public String displayName() {
        return "TiM-T2I";
    }

    @Override
    public String checkpointDescription() {
        return "a TiM-T2I (text-to-image TiM) checkpoint";
    }

    @Override
    String presetCard() {
        return "tim-t2i";
    }

    @Override
    public void checkConfig(JsonFields config) {
        CardChecks.buildable(config, () -> TimT2iConfig.fromJson(config.json().toString(), "the TiM-T2I architecture"));
    }

    @Override
    public Map<String, long[]> expectedShapes(JsonObject config, String source) {
        return TimT2iConfig.fromJson(config.toString(), source).expectedShapes();
    }

    @Override
    public boolean recognises(Set<String> keys) {
        return FamilyFiles.hasTimKeys(keys) && !keys.contains("y_embedder.embedding_table.weight");
    }

    @Override
    public List<Setting> fileSettings() {
        return List.of(Setting.TIM_WEIGHTS, Setting.TIM_CONFIG, Setting.TEXT_ENCODER, Setting.TEXT_ENCODER_CONFIG,
                Setting.TOKENIZER);
    }

    @Override
    public boolean claims(GenerationSpec spec) {
        return spec.file(Setting.TIM_WEIGHTS) != null && spec.file(Setting.TEXT_ENCODER) != null;
    }

    @Override
    public boolean takes(Setting setting) {
        return TAKES.contains(setting);
    }

    /** The text model runs without the stochastic term, and was trained on sides that are multiples of 32 px. */
    @Override
    public void check(GenerationSpec spec, ModelSelection model) {
        if (spec.stochasticity() != null && spec.stochasticity() > 0) {
            throw spec.invalid(Setting.STOCHASTICITY, "must be 0 for the text model " + model.describe() + " (its"
                    + " sampler runs without the stochastic term here)");
        }
        if (spec.latentSize() == null) { // a latent size is on the grid by definition
            checkGrid(spec, Setting.WIDTH, spec.width());
            checkGrid(spec, Setting.HEIGHT, spec.height());
        }
    }

    private static void checkGrid(GenerationSpec spec, Setting setting, int pixels) {
        if (pixels % GRID != 0) {
            int nearest = Math.max(GRID, Math.round(pixels / (float) GRID) * GRID);
            throw spec.invalid(setting, pixels + " px is not a multiple of " + GRID + ": the text model was"
                    + " trained on sides that are multiples of " + GRID + " (the decoder's grid); use " + nearest);
        }
    }

    @Override
    public ModelFiles files(ModelCard card, ModelStore store) throws ModelException {
        TextModelFiles files = store.textModelFiles(card.id());
        String of = " of model " + card.id();
        return ModelFiles.builder().put(ModelFiles.WEIGHTS, files.weights, "weights" + of)
                .put(ModelFiles.TEXT_ENCODER, files.textEncoderWeights, "weights of text encoder " + files.textEncoder.id())
                .put(ModelFiles.TEXT_ENCODER_CONFIG, files.textEncoderConfig, "config of text encoder "
                        + files.textEncoder.id())
                .put(ModelFiles.TOKENIZER, files.tokenizer, "tokenizer of text encoder " + files.textEncoder.id())
                .cardConfig(card.config()).build();
    }

    @Override
    public ModelFiles files(GenerationSpec spec) throws IOException {
        Path weights = spec.file(Setting.TIM_WEIGHTS);
        if (FamilyFiles.isTorchCheckpoint(weights)) {
            FamilyFiles.checkTorchCheckpoint(this, weights, spec.names());
        } else {
            // the released architecture stands in when neither a config nor metadata gives one
            FamilyFiles.checkSafetensors(this, weights, true, Setting.TIM_CONFIG, spec.names());
        }
        return ModelFiles.builder().put(ModelFiles.WEIGHTS, weights, spec.names().of(Setting.TIM_WEIGHTS))
                .put(ModelFiles.CONFIG, spec.file(Setting.TIM_CONFIG), spec.names().of(Setting.TIM_CONFIG))
                .put(ModelFiles.TEXT_ENCODER, spec.file(Setting.TEXT_ENCODER), spec.names().of(Setting.TEXT_ENCODER))
                .put(ModelFiles.TEXT_ENCODER_CONFIG, spec.file(Setting.TEXT_ENCODER_CONFIG),
                        spec.names().of(Setting.TEXT_ENCODER_CONFIG))
                .put(ModelFiles.TOKENIZER, spec.file(Setting.TOKENIZER), spec.names().of(Setting.TOKENIZER)).build();
    }

    @Override
    public SamplingStage load(ModelSelection model, StageOptions options, Consumer<String> warn) throws IOException {
        TextToImageFiles files = textToImageFiles(model);
        return new TimT2iStage(files, files.channels(), options.device, options.precision, options.attention,
                options.memoryBudgetBytes, warn);
    }

    private static TextToImageFiles textToImageFiles(ModelSelection model) {
        ModelFiles f = model.files;
        JsonObject card = f.cardConfig();
        TimT2iConfig config = card == null ? null : TimT2iConfig.fromJson(card.toString(), "model card "
                + model.modelId);
        return new TextToImageFiles(f.weights(), f.get(ModelFiles.CONFIG), config, f.get(ModelFiles.TEXT_ENCODER),
                f.get(ModelFiles.TEXT_ENCODER_CONFIG), f.get(ModelFiles.TOKENIZER));
    }

    @Override
    public void provenance(Map<String, String> p, ModelSelection model, GeneratedImage image) {
        super.provenance(p, model, image);
        p.put("nit.class", "");
        p.put("nit.class_name", "");
        p.put("nit.text_encoder", model.card != null ? model.card.textEncoder().orElse("")
                : String.valueOf(model.files.get(ModelFiles.TEXT_ENCODER).getFileName()));
    }
}
