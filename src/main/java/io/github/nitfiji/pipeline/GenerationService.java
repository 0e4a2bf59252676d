package io.github.nitfiji.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelKind;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.catalog.ModelsFolder;
import io.github.nitfiji.catalog.Sha256;
import io.github.nitfiji.labels.ClassMatch;
import io.github.nitfiji.labels.ClassMatcher;
import io.github.nitfiji.labels.ImageNetClasses;
import io.github.nitfiji.labels.UnknownClassException;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.model.nit.AttentionKind;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.sampling.Preset;
import io.github.nitfiji.sampling.PresetTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Runs a {@link GenerationSpec} for any front door: prompt to class, model choice, seed, sampler
 * settings, device, precision, memory plan, the loaded pipeline (from a {@link PipelineCache}),
 * and provenance. A front door only turns its input into a spec and the outcome into files or
 * stacks.
 */
public final class GenerationService {
    private final PipelineCache cache;
    private final GenerationListener listener;
    private final Function<GenerationSpec, String> regenerate;

    /**
     * @param cache where the loaded pipeline lives ({@link PipelineCache#shared()} in Fiji)
     * @param regenerate the command that regenerates a spec, in the front door's own syntax
     *     (a macro line, a command line); stamped on every image as {@code nit.command}
     */
    public GenerationService(PipelineCache cache, GenerationListener listener,
                             Function<GenerationSpec, String> regenerate) {
        this.cache = cache;
        this.listener = listener;
        this.regenerate = regenerate;
    }

    /** A service with its own cache, for one-shot runs (the command line); close it with {@link #close()}. */
    public static GenerationService oneShot(GenerationListener listener, Function<GenerationSpec, String> regenerate) {
        return new GenerationService(new PipelineCache(), listener, regenerate);
    }

    /** Frees the pipeline this service's cache holds. */
    public void close() {
        cache.free(message -> { }, () -> false);
    }

    /**
     * The cheap part: the prompt's class, the model's files, supplied noise, the seed. A bad
     * request fails here, before any model loads.
     *
     * @throws InvalidSettingException for a setting that cannot run (e.g. a prompt naming no class)
     */
    public PreparedGeneration prepare(GenerationSpec spec) throws ModelException, IOException {
        ModelStore store = null;
        ModelChoice choice;
        if (spec.nitWeights() != null) {
            choice = ModelChoice.files(spec.nitWeights(),
                    spec.nitConfig() != null ? NitConfig.fromFile(spec.nitConfig()) : null, spec.aeWeights(),
                    spec.aeConfig() != null ? DcAeConfig.fromFile(spec.aeConfig()) : null);
        } else {
            store = spec.modelsDir() != null
                    ? ModelStore.open(ModelsFolder.at(spec.modelsDir(), spec.names().of(Setting.MODELS_DIR)))
                    : ModelStore.openDefault();
            store.commands(EngineSetup.modelCommands());
            store.catalog().warnings().forEach(w -> listener.note("warning: " + w));
            choice = ModelChoice.byIdOrDefault(store, spec.model(), notice -> listener.note(notice + " Get the "
                    + "real model: " + listener.howToInstall(ModelChoice.DEFAULT_MODEL)));
        }
        TimRules.check(spec, choice);
        boolean text = choice.textToImage != null;
        String className = null;
        int[] perClass = spec.classes();
        if (text) {
            perClass = new int[] {GenerationRequest.NULL_CLASS};
        } else if (perClass == null) {
            ClassMatch match = resolvePrompt(spec);
            className = match.name();
            perClass = new int[] {match.index()};
        }
        long seed = spec.seed() != null ? spec.seed() : GenerationRequest.randomSeed();
        GenerationSpec resolved = spec.toBuilder().seed(seed).model(choice.modelId).build();

        int[] classes = new int[spec.totalImages()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = perClass[i / spec.images()];
        }
        GenerationRequest.Builder request = GenerationRequest.builder().classes(classes).seed(seed);
        String presetName;
        if (choice.kind == ModelKind.NIT) {
            PresetTable.Entry chosen = spec.preset() == Preset.CUSTOM ? null : nitPreset(spec, choice, store);
            request.sampler(chosen != null ? chosen.settings : spec.customSettings());
            presetName = chosen != null ? chosen.toString() : Preset.CUSTOM.id();
        } else {
            TimPresets.Chosen chosen = spec.preset() == Preset.CUSTOM ? null
                    : TimPresets.choose(choice.card, spec.preset(), spec);
            request.transition(chosen != null ? chosen.settings : spec.customTransition());
            presetName = chosen != null ? chosen.name : Preset.CUSTOM.id();
            if (text) {
                request.caption(spec.prompt());
            }
        }
        if (spec.source() != null) {
            request.source(spec.source()).strength(spec.strength());
            if (spec.refineTo() != null) {
                request.refineTo(spec.refineTo()[0], spec.refineTo()[1]);
            }
        } else if (spec.latentSize() != null) {
            request.latentSize(spec.latentSize());
        } else {
            request.imageSize(spec.width(), spec.height());
        }
        GenerationRequest built = request.build();
        TimRules.trainedSizeNotice(choice, built.width(), built.height()).ifPresent(listener::note);
        long tokens = (long) classes.length * built.latentSize().tokens();
        if (spec.noise() != null) {
            request.noise(NoiseFiles.read(spec, Setting.NOISE, spec.noise(), "noise", new long[] {tokens, -1}));
        }
        if (spec.sdeNoise() != null) {
            // NiT draws once per step but the last; TiM keeps one block per step (unused ones ignored)
            long blocks = built.transition() != null ? built.transition().steps : built.sampler().steps - 1L;
            request.sdeDraws(NoiseFiles.read(spec, Setting.SDE_NOISE, spec.sdeNoise(), "draws",
                    new long[] {blocks, tokens, -1}));
        }
        return new PreparedGeneration(resolved, choice, store, request.build(), className, presetName);
    }

    private static PresetTable.Entry nitPreset(GenerationSpec spec, ModelChoice choice, ModelStore store)
            throws ModelException {
        PresetTable table = CardPresets.of(choice.card, store != null ? store.catalog() : ModelCatalog.bundled());
        try {
            return spec.preset().choose(spec.width(), spec.height(), table);
        } catch (IllegalArgumentException e) {
            throw spec.invalid(Setting.PRESET, spec.preset().id() + ": " + e.getMessage());
        }
    }

    private static ClassMatch resolvePrompt(GenerationSpec spec) {
        try {
            return ClassMatcher.standard().resolve(spec.prompt());
        } catch (UnknownClassException e) {
            throw spec.invalid(Setting.PROMPT, "\"" + spec.prompt() + "\": " + e.getMessage());
        }
    }

    /**
     * Loads (or reuses) the pipeline, checks the memory plan, samples and decodes.
     *
     * @throws java.util.concurrent.CancellationException when {@code cancelled} turns true (nothing is kept)
     */
    public GenerationOutcome run(PreparedGeneration prepared, BooleanSupplier cancelled) throws Exception {
        GenerationSpec spec = prepared.spec();
        ModelChoice choice = prepared.model();
        GenerationRequest request = prepared.request();
        Device device = DeviceChoice.resolve(spec.device(), listener::note);
        EngineSetup.inferenceThread();
        CpuThreads.forRequest(); // on this thread, now: not the count some earlier moment called for
        PrecisionPlan plan = PrecisionPlan.of(spec.precision(), device, CpuFeatures.host())
                .forModel(choice.kind == ModelKind.TIM_C2I);
        String planWarning = PrecisionPlan.warning(spec.precision(), plan, CpuFeatures.host());
        if (planWarning != null) {
            listener.note(planWarning);
        }
        DataType precision = plan.dataType;
        // fused attention (eager if its module cannot load): faster and leaner on GPU and CPU alike
        AttentionKind attention = "eager".equals(spec.attention()) ? AttentionKind.EAGER : AttentionKind.FUSED;
        String modelKey = choice.cacheId() + (plan.usesBf16() ? " (" + plan.id() + ")" : "");
        PipelineCache.Key key = new PipelineCache.Key(modelKey, device, precision, spec.executor());
        String[] nitConfig = {choice.timConfig != null ? choice.timConfig.toJson() : null};
        Object made = cache.run(key, () -> {
            listener.status("loading " + choice.describe() + " on " + device + " (" + plan.id() + ")");
            return choice.load(device, plan, attention, spec.executor(), spec.decodeBudgetBytes(),
                    spec.memoryBudgetBytes(), listener::note);
        }, pipeline -> {
            if (pipeline.nit() != null) {
                MemoryPlan.check(pipeline, request, spec.memoryBudgetBytes());
                nitConfig[0] = pipeline.nit().config().toJson();
            }
            listener.samplingStarts(request);
            return spec.decode() ? pipeline.generate(request, listener, cancelled)
                    : pipeline.sampleLatents(request, listener::sampling, cancelled);
        }, listener::waiting, cancelled);
        GenerationResult result = made instanceof GenerationResult ? (GenerationResult) made : null;
        LatentBatch latents = result != null ? result.latents : (LatentBatch) made;
        List<Map<String, String>> provenance = new ArrayList<>();
        if (result != null) {
            String sha = weightsSha256(prepared);
            String decoder = choice.decoderId != null ? choice.decoderId : String.valueOf(choice.aeWeights.getFileName());
            StringJoiner seeds = new StringJoiner(",");
            result.images.forEach(image -> seeds.add(Long.toString(image.seed)));
            // with the batch (nit.images), what the last bit of a CPU result depends on (README, Reproducibility)
            String threads = Integer.toString(ai.djl.pytorch.jni.JniUtils.getNumThreads());
            for (GeneratedImage image : result.images) {
                Map<String, String> p = Provenance.of(request, image, choice.describe(), sha, decoder,
                        className(image.classIndex), spec.prompt(), device.toString(), plan.id());
                TimRules.provenance(p, choice, request, image);
                p.put("nit.preset", prepared.preset());
                p.put("nit.images", Integer.toString(result.images.size()));
                p.put("nit.seeds", request.suppliedNoise() != null ? "supplied noise" : seeds.toString());
                p.put("nit.output", spec.output().id);
                p.put("nit.threads", threads);
                p.put("nit.command", regenerate.apply(spec));
                provenance.add(p);
            }
        }
        return new GenerationOutcome(prepared, result, latents, provenance, device.toString(), plan.id(),
                nitConfig[0]);
    }

    /** The human-readable name of a class index ("unconditional" for the null class). */
    public static String className(int index) {
        return index >= 0 && index < GenerationRequest.NULL_CLASS ? ImageNetClasses.standard().get(index).name()
                : "unconditional";
    }

    private static String weightsSha256(PreparedGeneration prepared) {
        ModelChoice choice = prepared.model();
        try {
            if (prepared.store() != null && choice.modelId != null) {
                return prepared.store().weightsSha256(choice.modelId).orElse(null);
            }
            return Sha256.of(choice.nitWeights, bytes -> { });
        } catch (ModelException | IOException e) {
            return null;
        }
    }
}
