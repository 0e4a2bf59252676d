package io.github.nitfiji.family.nit;

import com.google.gson.JsonObject;
import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.family.CardChecks;
import io.github.nitfiji.family.FamilyFiles;
import io.github.nitfiji.io.JsonFields;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.SafetensorsWeights;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import io.github.nitfiji.model.script.ScriptedNitForward;
import io.github.nitfiji.pipeline.GenerationSpec;
import io.github.nitfiji.pipeline.ModelFamily;
import io.github.nitfiji.pipeline.ModelFiles;
import io.github.nitfiji.pipeline.ModelSelection;
import io.github.nitfiji.pipeline.PresetChoice;
import io.github.nitfiji.pipeline.SamplingStage;
import io.github.nitfiji.pipeline.Setting;
import io.github.nitfiji.pipeline.StageOptions;
import io.github.nitfiji.runtime.ExecutorChoice;
import io.github.nitfiji.runtime.StageDevice;
import io.github.nitfiji.sampling.Preset;
import io.github.nitfiji.sampling.PresetTable;
import io.github.nitfiji.sampling.SamplerSettings;
import io.github.nitfiji.sampling.SamplingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * NiT (Native-resolution diffusion Transformer): class-conditioned, any size, sampled by
 * integrating its velocity field (ODE, Heun or SDE), and the only family that starts from an
 * image.
 */
public final class NitFamily implements ModelFamily {
    /** Settings only some families take, that NiT takes. */
    private static final Set<Setting> TAKES = Set.of(Setting.SAMPLER, Setting.SOURCE, Setting.STRENGTH, Setting.MASK,
            Setting.REFINE_TO, Setting.SDE_NOISE, Setting.CLASSES, Setting.EXECUTOR);

    @Override
    public String jsonName() {
        return "nit";
    }

    @Override
    public String displayName() {
        return "NiT";
    }

    @Override
    public boolean fineTunable() {
        return true;
    }

    @Override
    public String checkpointDescription() {
        return "a NiT checkpoint";
    }

    @Override
    public List<String> presetSamplers() {
        return List.of("ode", "sde");
    }

    @Override
    public void checkConfig(JsonFields config) {
        CardChecks.classModel(config);
    }

    @Override
    public Map<String, long[]> expectedShapes(JsonObject config, String source) {
        return NitConfig.fromJson(config.toString(), source).expectedShapes();
    }

    /** NiT's blocks have adaLN and an MLP but none of TiM's extra time embedder or decoupled attention. */
    @Override
    public boolean recognises(Set<String> keys) {
        boolean trunk = keys.contains("blocks.0.adaLN_modulation.1.weight") || keys.contains("blocks.0.mlp.fc1.weight");
        return trunk && !FamilyFiles.hasTimKeys(keys);
    }

    @Override
    public List<Setting> fileSettings() {
        return List.of(Setting.NIT_WEIGHTS, Setting.NIT_CONFIG);
    }

    @Override
    public boolean claims(GenerationSpec spec) {
        return spec.file(Setting.NIT_WEIGHTS) != null;
    }

    @Override
    public boolean takes(Setting setting) {
        return TAKES.contains(setting);
    }

    @Override
    public List<Preset> presets(ModelCard card) {
        return List.of(Preset.FAST, Preset.PAPER, Preset.CUSTOM);
    }

    @Override
    public PresetChoice preset(Preset preset, ModelSelection model, ModelCatalog catalog, int width, int height)
            throws ModelException {
        PresetTable.Entry entry = preset.choose(width, height, NitPresets.of(model.card, catalog));
        return new PresetChoice(entry.toString(), entry.settings);
    }

    @Override
    public SamplingSettings custom(GenerationSpec spec, SamplingSettings base) {
        SamplerSettings fast = (SamplerSettings) base;
        return new SamplerSettings(or(spec.sampler(), fast.kind), or(spec.steps(), fast.steps),
                or(spec.cfg(), fast.cfgScale), or(spec.guidanceLow(), fast.guidanceLow),
                or(spec.guidanceHigh(), fast.guidanceHigh));
    }

    private static <T> T or(T given, T base) {
        return given != null ? given : base;
    }

    @Override
    public ModelFiles files(ModelCard card, ModelStore store) throws ModelException {
        return ModelFiles.builder().put(ModelFiles.WEIGHTS, store.weightsPath(card.id()), "weights of model " + card.id())
                .cardConfig(card.config()).build();
    }

    @Override
    public ModelFiles files(GenerationSpec spec) throws IOException {
        Path weights = spec.file(Setting.NIT_WEIGHTS);
        FamilyFiles.checkSafetensors(this, weights, spec.file(Setting.NIT_CONFIG) != null, Setting.NIT_CONFIG, spec.names());
        return ModelFiles.builder().put(ModelFiles.WEIGHTS, weights, spec.names().of(Setting.NIT_WEIGHTS))
                .put(ModelFiles.CONFIG, spec.file(Setting.NIT_CONFIG), spec.names().of(Setting.NIT_CONFIG)).build();
    }

    @Override
    public SamplingStage load(ModelSelection model, StageOptions options, Consumer<String> warn) throws IOException {
        return stage(options, warn, d -> {
            try (SafetensorsFile file = SafetensorsFile.open(model.files.weights())) {
                return NitTransformer.load(config(model, file), new SafetensorsWeights(file), d, options.precision,
                        options.attention, warn);
            }
        });
    }

    /**
     * A NiT stage of the network {@code loader} makes on the options' device (on Apple's GPU, the
     * CPU when an operation is missing there), with the executor the options resolve to.
     */
    public static NitStage stage(StageOptions options, Consumer<String> warn,
                                 StageDevice.Loader<NitTransformer> loader) throws IOException {
        ExecutorChoice executor = ExecutorChoice.resolve(options.executor, options.device);
        NitTransformer nit = StageDevice.load("the NiT transformer", options.device, loader, NitFamily::probe, warn);
        if (executor.executor == io.github.nitfiji.runtime.Executor.SCRIPT) {
            ScriptedNitForward.install(nit, warn);
        }
        return new NitStage(nit, executor);
    }

    /** The card's architecture, else the config file given, else the weights' own metadata. */
    static NitConfig config(ModelSelection model, SafetensorsFile weights) throws IOException {
        JsonObject card = model.files.cardConfig();
        if (card != null) {
            return NitConfig.fromJson(card.toString(), "model card " + model.modelId);
        }
        Path file = model.files.get(ModelFiles.CONFIG);
        return file != null ? NitConfig.fromFile(file) : NitConfig.fromWeights(weights);
    }

    /** One forward of a one-token image: every operation of a NiT step. */
    private static void probe(NitTransformer nit) {
        try (ai.djl.ndarray.NDManager m = nit.newManager()) {
            ai.djl.ndarray.NDArray x = m.zeros(new ai.djl.ndarray.types.Shape(1, nit.config().inChannels));
            nit.forward(x, List.of(new LatentSize(1, 1)), new double[] {0.5}, new int[] {0}).toFloatArray();
        }
    }
}
