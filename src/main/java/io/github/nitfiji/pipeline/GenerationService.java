package io.github.nitfiji.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.catalog.ModelsFolder;
import io.github.nitfiji.catalog.Sha256;
import io.github.nitfiji.labels.ClassMatch;
import io.github.nitfiji.labels.ImageNetClasses;
import io.github.nitfiji.labels.UnknownClassException;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.runtime.CpuFeatures;
import io.github.nitfiji.runtime.CpuThreads;
import io.github.nitfiji.runtime.DeviceChoice;
import io.github.nitfiji.runtime.EngineSetup;
import io.github.nitfiji.runtime.PrecisionPlan;
import io.github.nitfiji.sampling.Preset;
import io.github.nitfiji.sampling.RequestNoise;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Runs a {@link GenerationSpec} for any front door and any model family: model choice, prompt to
 * class (or caption), seed, sampler settings, device, precision, memory plan, the loaded pipeline
 * (from a {@link PipelineCache}), and provenance. A front door only turns its input into a spec
 * and the outcome into files or stacks; what differs between families, the family says
 * ({@link ModelFamily}).
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
     * The cheap part: the model and its files, the family's rules, the prompt's class, supplied
     * noise, the seed. A bad request fails here, before any model loads.
     *
     * @throws InvalidSettingException for a setting that cannot run (e.g. a prompt naming no class)
     */
    public PreparedGeneration prepare(GenerationSpec spec) throws ModelException, IOException {
        ModelStore store = null;
        ModelSelection model;
        ModelFamily claiming = ModelFamilies.claiming(spec).orElse(null);
        if (claiming != null) {
            model = new ModelSelection(claiming, null, null, claiming.files(spec), decoderFiles(spec));
        } else {
            store = spec.file(Setting.MODELS_DIR) != null
                    ? ModelStore.open(ModelsFolder.at(spec.file(Setting.MODELS_DIR), spec.names().of(Setting.MODELS_DIR)))
                    : ModelStore.openDefault();
            store.catalog().warnings().forEach(w -> listener.note("warning: " + w));
            model = ModelFamilies.byIdOrDefault(store, spec.model(), spec.decoder(), notice -> listener.note(notice
                    + " Get the real model: " + listener.howToInstall(ModelFamilies.DEFAULT_MODEL)));
        }
        FamilyRules.check(spec, model);
        ModelFamily family = model.family;
        if (spec.classes() != null) {
            for (int c : spec.classes()) {
                if (c > family.lastClass(model)) {
                    throw spec.invalid(Setting.CLASSES, c + " is outside 0.." + family.lastClass(model) + " ("
                            + family.classRange(model) + ")");
                }
            }
        }
        List<String> prompts = spec.prompts();
        String className = null;
        int[] perPrompt = spec.classes();
        if (family.readsText()) {
            perPrompt = new int[prompts.size()];
            java.util.Arrays.fill(perPrompt, GenerationRequest.NULL_CLASS);
        } else if (perPrompt == null) {
            perPrompt = new int[prompts.size()];
            for (int i = 0; i < perPrompt.length; i++) {
                ClassMatch match = resolvePrompt(spec, model, prompts.get(i));
                className = i == 0 ? match.name() : className;
                perPrompt[i] = match.index();
            }
        }
        long seed = spec.seed() != null ? spec.seed() : RequestNoise.randomSeed();
        GenerationSpec resolved = spec.toBuilder().seed(seed).model(model.modelId).build();

        int total = spec.totalImages();
        int[] classes = new int[total];
        String[] captions = family.readsText() ? new String[total] : null;
        for (int i = 0; i < total; i++) {
            classes[i] = perPrompt[i / spec.images()];
            if (captions != null) {
                captions[i] = prompts.get(i / spec.images());
            }
        }
        GenerationRequest.Builder request = GenerationRequest.builder().classes(classes).seed(seed)
                .captions(captions, spec.unicodeEscape());
        ModelCatalog catalog = store != null ? store.catalog() : ModelCatalog.bundled();
        PresetChoice preset = spec.preset() == Preset.CUSTOM
                ? new PresetChoice(Preset.CUSTOM.id(), family.custom(spec, preset(spec, Preset.FAST, model, catalog)
                        .settings))
                : preset(spec, spec.preset(), model, catalog);
        request.sampling(preset.settings);
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
        family.sizeNotice(model, built.width(), built.height()).ifPresent(listener::note);
        long tokens = (long) classes.length * built.latentSize().tokens();
        if (spec.file(Setting.NOISE) != null) {
            request.noise(NoiseFiles.read(spec, Setting.NOISE, spec.file(Setting.NOISE), "noise", new long[] {tokens, -1}));
        }
        if (spec.file(Setting.SDE_NOISE) != null) {
            long blocks = preset.settings.stepNoiseBlocks();
            if (blocks == 0) {
                throw spec.invalid(Setting.SDE_NOISE, "holds step noise, but " + preset.settings
                        + " draws none; give a stochastic sampler or leave it out");
            }
            request.stepNoise(NoiseFiles.read(spec, Setting.SDE_NOISE, spec.file(Setting.SDE_NOISE), "draws",
                    new long[] {blocks, tokens, -1}));
        }
        return new PreparedGeneration(resolved, model, store, request.build(), className, preset.name);
    }

    private static DecoderFiles decoderFiles(GenerationSpec spec) throws IOException {
        if (spec.file(Setting.AE_WEIGHTS) == null) {
            return null;
        }
        return new DecoderFiles(null, spec.file(Setting.AE_WEIGHTS), spec.file(Setting.AE_CONFIG) != null ? DcAeConfig.fromFile(spec.file(Setting.AE_CONFIG))
                : null, spec.names().of(Setting.AE_WEIGHTS));
    }

    private static PresetChoice preset(GenerationSpec spec, Preset preset, ModelSelection model, ModelCatalog catalog)
            throws ModelException {
        try {
            return model.family.preset(preset, model, catalog, spec.width(), spec.height());
        } catch (IllegalArgumentException e) {
            throw spec.invalid(Setting.PRESET, preset.id() + ": " + e.getMessage());
        }
    }

    private static ClassMatch resolvePrompt(GenerationSpec spec, ModelSelection model, String prompt) {
        try {
            return model.family.classes(model).resolve(prompt);
        } catch (UnknownClassException e) {
            throw spec.invalid(Setting.PROMPT, "\"" + prompt + "\": " + e.getMessage());
        }
    }

    /**
     * Loads (or reuses) the pipeline, checks the memory plan, samples and decodes.
     *
     * @throws java.util.concurrent.CancellationException when {@code cancelled} turns true (nothing is kept)
     */
    public GenerationOutcome run(PreparedGeneration prepared, BooleanSupplier cancelled) throws Exception {
        GenerationSpec spec = prepared.spec();
        ModelSelection model = prepared.model();
        GenerationRequest request = prepared.request();
        Device device = DeviceChoice.resolve(spec.device(), listener::note);
        EngineSetup.inferenceThread();
        CpuThreads.forRequest(); // on this thread, now: not the count some earlier moment called for
        PrecisionPlan plan = PrecisionPlan.of(spec.precision(), device, CpuFeatures.host())
                .forModel(model.family.bf16Transformer());
        String planWarning = PrecisionPlan.warning(spec.precision(), plan, CpuFeatures.host());
        if (planWarning != null) {
            listener.note(planWarning);
        }
        DataType precision = plan.dataType;
        // fused attention (eager if its module cannot load): faster and leaner on GPU and CPU alike
        AttentionKind attention = spec.attention() == Setting.AttentionChoice.EAGER ? AttentionKind.EAGER
                : AttentionKind.FUSED;
        StageOptions options = new StageOptions(device, plan, attention, spec.executor(), spec.memoryBudgetBytes());
        String modelKey = model.cacheKey() + (plan.usesBf16() ? " (" + plan.id() + ")" : "");
        PipelineCache.Key key = new PipelineCache.Key(modelKey, device, precision, spec.executor());
        String[] configJson = {null};
        Object made = cache.run(key, () -> {
            listener.status("loading " + model.describe() + " on " + device + " (" + plan.id() + ")");
            return PipelineLoader.load(model, options, spec.decodeBudgetBytes(), listener::note);
        }, pipeline -> {
            MemoryPlan.check(pipeline, request, spec.memoryBudgetBytes(), spec.names());
            configJson[0] = pipeline.stage().configJson();
            listener.samplingStarts(request);
            return spec.decode() ? pipeline.generate(request, listener, cancelled)
                    : pipeline.sampleLatents(request, listener::sampling, cancelled);
        }, listener::waiting, cancelled);
        GenerationResult result = made instanceof GenerationResult ? (GenerationResult) made : null;
        LatentBatch latents = result != null ? result.latents : (LatentBatch) made;
        List<Map<String, String>> provenance = new ArrayList<>();
        if (result != null) {
            String sha = weightsSha256(prepared);
            String decoder = model.decoder.describe();
            StringJoiner seeds = new StringJoiner(",");
            result.images.forEach(image -> seeds.add(Long.toString(image.seed)));
            // with the batch (nit.images), what the last bit of a CPU result depends on (docs/reproducibility.md)
            String threads = Integer.toString(ai.djl.pytorch.jni.JniUtils.getNumThreads());
            String[] captions = request.captions();
            for (int i = 0; i < result.images.size(); i++) {
                GeneratedImage image = result.images.get(i);
                String prompt = captions != null ? captions[i] : spec.prompts() == null ? null
                        : spec.prompts().get(i / spec.images());
                Map<String, String> p = Provenance.of(request, image, model.describe(), sha, decoder,
                        model.family.className(image.classIndex, model), prompt, device.toString(), plan.id());
                model.family.provenance(p, model, image);
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
                configJson[0]);
    }

    /** The human-readable name of a class index ("unconditional" for the null class). */
    public static String className(int index) {
        return index >= 0 && index < GenerationRequest.NULL_CLASS ? ImageNetClasses.standard().get(index).name()
                : "unconditional";
    }

    private static String weightsSha256(PreparedGeneration prepared) {
        ModelSelection model = prepared.model();
        try {
            if (prepared.store() != null && model.modelId != null) {
                return prepared.store().weightsSha256(model.modelId).orElse(null);
            }
            return Sha256.of(model.files.weights(), bytes -> { });
        } catch (ModelException | IOException e) {
            return null;
        }
    }
}
