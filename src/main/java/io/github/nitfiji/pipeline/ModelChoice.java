package io.github.nitfiji.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import io.github.nitfiji.model.dcae.DcAeEncoder;
import io.github.nitfiji.model.nit.AttentionKind;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import io.github.nitfiji.model.script.ScriptedNitForward;
import io.github.nitfiji.model.tim.TimConfig;
import io.github.nitfiji.model.tim.TimTransformer;
import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelKind;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.catalog.TextModelFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Which generator (NiT or TiM) and which decoder to run: by model id (cards and the models
 * folder) or, for NiT, by files. A null config means "read it from the weights file's
 * {@code __metadata__.config}".
 */
public final class ModelChoice {
    /** The model used when none is named: NiT-XL once installed. */
    public static final String DEFAULT_MODEL = "nit-xl-1000k";
    /** What runs on a fresh install: tiny, untrained, bundled. */
    public static final String SMOKE_TEST_MODEL = "smoke-test";

    public final String modelId;
    /** What generates: NiT (also for files named directly), TiM-C2I or TiM-T2I. */
    public final ModelKind kind;
    /** The model's card, or null for weights files named directly. */
    public final ModelCard card;
    /** The generator's weights (NiT's, or TiM's for a TiM card). */
    public final Path nitWeights;
    /** NiT's architecture (null: from the weights, or a TiM model). */
    public final NitConfig nitConfig;
    /** TiM-C2I's architecture from its card, or null. */
    public final TimConfig timConfig;
    /** TiM-T2I's files (weights, config, text encoder, tokenizer), or null. */
    public final TextToImageFiles textToImage;
    /** The text encoder's model id (TiM-T2I), or null. */
    public final String textEncoderId;
    public final String decoderId;
    public final Path aeWeights;
    public final DcAeConfig aeConfig;

    private ModelChoice(String modelId, ModelCard card, Path nitWeights, NitConfig nitConfig, String decoderId, Path aeWeights,
                        DcAeConfig aeConfig) {
        this(modelId, ModelKind.NIT, card, nitWeights, nitConfig, null, null, null, decoderId, aeWeights, aeConfig);
    }

    private ModelChoice(String modelId, ModelKind kind, ModelCard card, Path weights, NitConfig nitConfig,
                        TimConfig timConfig, TextToImageFiles textToImage, String textEncoderId, String decoderId,
                        Path aeWeights, DcAeConfig aeConfig) {
        this.modelId = modelId;
        this.kind = kind;
        this.card = card;
        this.nitWeights = weights;
        this.nitConfig = nitConfig;
        this.timConfig = timConfig;
        this.textToImage = textToImage;
        this.textEncoderId = textEncoderId;
        this.decoderId = decoderId;
        this.aeWeights = aeWeights;
        this.aeConfig = aeConfig;
    }

    /** Explicit files; {@code aeWeights} may be null for a latent-only run. */
    public static ModelChoice files(Path nitWeights, NitConfig nitConfig, Path aeWeights, DcAeConfig aeConfig) {
        return new ModelChoice(null, null, nitWeights, nitConfig, null, aeWeights, aeConfig);
    }

    /**
     * A generating model card (NiT or TiM) and the decoder card it names, resolved to installed (or
     * bundled) files.
     */
    public static ModelChoice byId(ModelStore store, String modelId) throws ModelException {
        return byId(store, modelId, null);
    }

    /**
     * As {@link #byId(ModelStore, String)}, decoding with the DC-AE card {@code decoderId} instead
     * of the one the model's card names (null: that one). The decoder must read the same latent
     * space: the same latent channels, compression and scaling factor as the card's own decoder
     * (DC-AE-Lite for the SANA DC-AE, say); anything else is refused naming both.
     */
    public static ModelChoice byId(ModelStore store, String modelId, String decoderId) throws ModelException {
        ModelCard card = store.catalog().require(modelId);
        if (!card.kind().generates()) {
            throw new IllegalArgumentException("model '" + modelId + "' is a " + card.kind().jsonName()
                    + " model, which makes no images by itself; name a NiT or TiM model (see 'models list')");
        }
        ModelCard decoder = DecoderChoice.resolve(store.catalog(), card, decoderId);
        Path weights = store.weightsPath(card.id());
        Path aeWeights = store.weightsPath(decoder.id());
        DcAeConfig aeConfig = DcAeConfig.fromJson(decoder.config().toString());
        if (card.kind() == ModelKind.TIM_C2I) {
            return new ModelChoice(card.id(), ModelKind.TIM_C2I, card, weights, null,
                    TimConfig.fromJson(card.config().toString(), "model card " + card.id()), null, null, decoder.id(),
                    aeWeights, aeConfig);
        }
        if (card.kind() == ModelKind.TIM_T2I) {
            TextModelFiles files = store.textModelFiles(card.id());
            return new ModelChoice(card.id(), ModelKind.TIM_T2I, card, files.weights, null, null,
                    TextToImageFiles.of(files), files.textEncoder.id(), decoder.id(), aeWeights, aeConfig);
        }
        return new ModelChoice(card.id(), card, weights, NitConfig.fromJson(card.config().toString(), "model card "
                + card.id()), decoder.id(), aeWeights, aeConfig);
    }

    /**
     * The named model, or when none is named NiT-XL if installed, else the bundled smoke-test
     * model (after telling {@code notice} that its images are noise; the front door adds how to
     * get the real one).
     */
    public static ModelChoice byIdOrDefault(ModelStore store, String modelId, Consumer<String> notice)
            throws ModelException {
        return byIdOrDefault(store, modelId, null, notice);
    }

    /** As {@link #byIdOrDefault(ModelStore, String, Consumer)}, with a decoder as in {@link #byId(ModelStore, String, String)}. */
    public static ModelChoice byIdOrDefault(ModelStore store, String modelId, String decoderId,
                                            Consumer<String> notice) throws ModelException {
        if (modelId != null) {
            return byId(store, modelId, decoderId);
        }
        try {
            return byId(store, DEFAULT_MODEL, decoderId);
        } catch (ModelException e) {
            if (e.reason() != ModelException.Reason.NOT_INSTALLED) {
                throw e;
            }
            notice.accept(DEFAULT_MODEL + " is not installed, so the bundled '" + SMOKE_TEST_MODEL
                    + "' model runs: its weights are random and its images are noise.");
            return byId(store, SMOKE_TEST_MODEL, decoderId);
        }
    }

    /**
     * What the pipeline cache keys a loaded pipeline by: the model id (or weights path), and the
     * decoder when it is not the card's own, so that switching decoders reloads.
     */
    public String cacheId() {
        String model = modelId != null ? modelId : nitWeights.toAbsolutePath().toString();
        boolean ownDecoder = card == null || decoderId == null || card.decoder().map(decoderId::equals).orElse(false);
        return ownDecoder ? model : model + " with decoder " + decoderId;
    }

    /** Loads NiT and (if chosen) the decoder onto {@code device} in {@code precision}, with the AUTO executor. */
    public Pipeline load(Device device, DataType precision, AttentionKind attention, long decodeBudgetBytes,
                         Consumer<String> warn) throws IOException {
        return load(device, precision, attention, Executor.AUTO, decodeBudgetBytes, warn);
    }

    /**
     * Loads NiT and (if chosen) the decoder onto {@code device} in {@code precision}; NiT runs with
     * {@code executor} as {@link ExecutorChoice} resolves it (a scripted forward that will not load
     * leaves the eager one, after one notice to {@code warn}). On Apple's GPU (mps) a stage that
     * cannot run there is loaded on the CPU instead, with a warning.
     */
    public Pipeline load(Device device, DataType precision, AttentionKind attention, Executor executor,
                         long decodeBudgetBytes, Consumer<String> warn) throws IOException {
        return load(device, precision, attention, executor, decodeBudgetBytes, MemoryPlan.defaultBudget(), warn);
    }

    /**
     * As {@link #load(Device, DataType, AttentionKind, Executor, long, Consumer)}, with the memory
     * budget TiM-T2I checks each request's phases against before loading its models.
     */
    public Pipeline load(Device device, DataType precision, AttentionKind attention, Executor executor,
                         long decodeBudgetBytes, long memoryBudgetBytes, Consumer<String> warn) throws IOException {
        return load(device, PrecisionPlan.uniform(precision), attention, executor, decodeBudgetBytes,
                memoryBudgetBytes, warn);
    }

    /**
     * As {@link #load(Device, DataType, AttentionKind, Executor, long, long, Consumer)}, each stage in
     * the precision {@code plan} gives it ({@link PrecisionPlan#forModel}: bfloat16 decoder
     * convolutions, bfloat16 TiM-C2I matrix products).
     */
    public Pipeline load(Device device, PrecisionPlan plan, AttentionKind attention, Executor executor,
                         long decodeBudgetBytes, long memoryBudgetBytes, Consumer<String> warn) throws IOException {
        DataType precision = plan.dataType;
        boolean decoderBf16 = plan.decoderBf16;
        if (kind != ModelKind.NIT) {
            return loadTim(device, plan, attention, decodeBudgetBytes, memoryBudgetBytes, warn);
        }
        ExecutorChoice choice = ExecutorChoice.resolve(executor, device);
        NitTransformer nit = StageDevice.load("the NiT transformer", device, d -> loadNit(d, precision, attention, warn),
                ModelChoice::probeNit, warn);
        if (choice.executor == Executor.SCRIPT) {
            ScriptedNitForward.install(nit, warn);
        }
        if (aeWeights == null) {
            return new Pipeline(nit, choice);
        }
        try {
            DcAeDecoder decoder = StageDevice.load("the DC-AE decoder", device,
                    d -> loadDecoder(d, precision, decoderBf16), ModelChoice::probeDecoder, warn);
            Path encoderWeights = aeWeights;
            // the encoder loads on first use (only image-to-image needs it), beside the decoder
            Pipeline.EncoderLoader encoder = () -> {
                try (SafetensorsFile weights = SafetensorsFile.open(encoderWeights)) {
                    DcAeConfig architecture = aeConfig != null ? aeConfig : DcAeConfig.fromWeights(weights);
                    return DcAeEncoder.load(architecture, weights, decoder.device(), precision);
                }
            };
            return new Pipeline(nit, decoder, decodeBudgetBytes, choice, encoder);
        } catch (IOException | RuntimeException e) {
            nit.close();
            throw e;
        }
    }

    /**
     * TiM-C2I stays loaded like NiT; TiM-T2I loads Gemma and itself per request (they never share
     * memory), so only its decoder stays, and checks each request's phases against the memory
     * budget first ({@link TextToImageMemory}).
     */
    private Pipeline loadTim(Device device, PrecisionPlan plan, AttentionKind attention, long decodeBudgetBytes,
                             long memoryBudgetBytes, Consumer<String> warn) throws IOException {
        DataType precision = plan.dataType;
        boolean decoderBf16 = plan.decoderBf16;
        TimStage stage;
        if (kind == ModelKind.TIM_C2I) {
            try (SafetensorsFile file = SafetensorsFile.open(nitWeights)) {
                stage = new TimC2iStage(TimTransformer.load(timConfig, new io.github.nitfiji.model.SafetensorsWeights(
                        file), device, precision, plan.transformerBf16 && !device.isGpu(), attention, warn));
            }
        } else {
            stage = new TimT2iStage(textToImage, textToImage.channels(), device, precision, attention,
                    memoryBudgetBytes, warn);
        }
        if (aeWeights == null) {
            return new Pipeline(stage, null, 0);
        }
        try {
            DcAeDecoder decoder = StageDevice.load("the DC-AE decoder", device,
                    d -> loadDecoder(d, precision, decoderBf16), ModelChoice::probeDecoder, warn);
            return new Pipeline(stage, decoder, decodeBudgetBytes);
        } catch (IOException | RuntimeException e) {
            stage.close();
            throw e;
        }
    }

    private NitTransformer loadNit(Device device, DataType precision, AttentionKind attention, Consumer<String> warn)
            throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(nitWeights)) {
            NitConfig architecture = nitConfig != null ? nitConfig : NitConfig.fromWeights(file);
            return NitTransformer.load(architecture, new io.github.nitfiji.model.SafetensorsWeights(file), device,
                    precision, attention, warn);
        }
    }

    /** The chosen decoder alone (for comparing decoders on the same latents). */
    DcAeDecoder loadDecoder(Device device, DataType precision, boolean bf16Convolutions) throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(aeWeights)) {
            DcAeConfig architecture = aeConfig != null ? aeConfig : DcAeConfig.fromWeights(file);
            // bfloat16 kernels are CPU kernels; an mps/GPU fallback to the CPU keeps them off
            return DcAeDecoder.load(architecture, file, device, precision, bf16Convolutions && !device.isGpu()
                    && Device.Type.CPU.equals(device.getDeviceType()));
        }
    }

    /** One forward of a one-token image: every operation of a NiT step. */
    private static void probeNit(NitTransformer nit) {
        try (ai.djl.ndarray.NDManager m = nit.newManager()) {
            ai.djl.ndarray.NDArray x = m.zeros(new ai.djl.ndarray.types.Shape(1, nit.config().inChannels));
            nit.forward(x, java.util.List.of(new io.github.nitfiji.model.LatentSize(1, 1)), new double[] {0.5},
                    new int[] {0}).toFloatArray();
        }
    }

    /** One decode of a one-pixel latent: every operation of the decoder. */
    private static void probeDecoder(DcAeDecoder decoder) {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager(decoder.device())) {
            decoder.decode(m.zeros(new ai.djl.ndarray.types.Shape(1, decoder.config().latentChannels(), 1, 1)))
                    .toFloatArray();
        }
    }

    /** For messages and provenance: the model id, or the weights file name. */
    public String describe() {
        return modelId != null ? modelId : nitWeights.getFileName().toString();
    }
}
