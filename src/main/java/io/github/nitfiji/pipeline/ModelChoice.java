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
import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelKind;
import io.github.nitfiji.catalog.ModelStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Which NiT and which decoder to run: by model id (cards and the models folder) or by files.
 * A null config means "read it from the weights file's {@code __metadata__.config}".
 */
public final class ModelChoice {
    /** The model used when none is named: NiT-XL once installed. */
    public static final String DEFAULT_MODEL = "nit-xl-1000k";
    /** What runs on a fresh install: tiny, untrained, bundled. */
    public static final String SMOKE_TEST_MODEL = "smoke-test";

    public final String modelId;
    public final Path nitWeights;
    public final NitConfig nitConfig;
    public final String decoderId;
    public final Path aeWeights;
    public final DcAeConfig aeConfig;

    private ModelChoice(String modelId, Path nitWeights, NitConfig nitConfig, String decoderId, Path aeWeights,
                        DcAeConfig aeConfig) {
        this.modelId = modelId;
        this.nitWeights = nitWeights;
        this.nitConfig = nitConfig;
        this.decoderId = decoderId;
        this.aeWeights = aeWeights;
        this.aeConfig = aeConfig;
    }

    /** Explicit files; {@code aeWeights} may be null for a latent-only run. */
    public static ModelChoice files(Path nitWeights, NitConfig nitConfig, Path aeWeights, DcAeConfig aeConfig) {
        return new ModelChoice(null, nitWeights, nitConfig, null, aeWeights, aeConfig);
    }

    /** A NiT model card and the decoder card it names, resolved to installed (or bundled) files. */
    public static ModelChoice byId(ModelStore store, String modelId) throws ModelException {
        ModelCard card = store.catalog().require(modelId);
        if (card.kind() != ModelKind.NIT) {
            throw new IllegalArgumentException("model '" + modelId + "' is a " + card.kind()
                    + " model; name a NiT model (see 'models list')");
        }
        ModelCard decoder = store.catalog().decoderFor(card);
        return new ModelChoice(card.id(), store.weightsPath(card.id()),
                NitConfig.fromJson(card.config().toString(), "model card " + card.id()),
                decoder.id(), store.weightsPath(decoder.id()), DcAeConfig.fromJson(decoder.config().toString()));
    }

    /**
     * The named model, or when none is named NiT-XL if installed, else the bundled smoke-test
     * model (after telling {@code notice} that its images are noise; the front door adds how to
     * get the real one).
     */
    public static ModelChoice byIdOrDefault(ModelStore store, String modelId, Consumer<String> notice)
            throws ModelException {
        if (modelId != null) {
            return byId(store, modelId);
        }
        try {
            return byId(store, DEFAULT_MODEL);
        } catch (ModelException e) {
            if (e.reason() != ModelException.Reason.NOT_INSTALLED) {
                throw e;
            }
            notice.accept(DEFAULT_MODEL + " is not installed, so the bundled '" + SMOKE_TEST_MODEL
                    + "' model runs: its weights are random and its images are noise.");
            return byId(store, SMOKE_TEST_MODEL);
        }
    }

    /** Loads NiT and (if chosen) the decoder onto {@code device} in {@code precision}. */
    public Pipeline load(Device device, DataType precision, AttentionKind attention, long decodeBudgetBytes,
                         Consumer<String> warn) throws IOException {
        NitTransformer nit;
        try (SafetensorsFile file = SafetensorsFile.open(nitWeights)) {
            NitConfig architecture = nitConfig != null ? nitConfig : NitConfig.fromWeights(file);
            nit = NitTransformer.load(architecture, new io.github.nitfiji.model.SafetensorsWeights(file), device,
                    precision, attention, warn);
        }
        if (aeWeights == null) {
            return new Pipeline(nit);
        }
        try (SafetensorsFile file = SafetensorsFile.open(aeWeights)) {
            DcAeConfig architecture = aeConfig != null ? aeConfig : DcAeConfig.fromWeights(file);
            Path encoderWeights = aeWeights;
            Pipeline.EncoderLoader encoder = () -> {
                try (SafetensorsFile weights = SafetensorsFile.open(encoderWeights)) {
                    return DcAeEncoder.load(architecture, weights, device, precision);
                }
            };
            return new Pipeline(nit, DcAeDecoder.load(architecture, file, device, precision), decodeBudgetBytes,
                    encoder);
        } catch (IOException | RuntimeException e) {
            nit.close();
            throw e;
        }
    }

    /** For messages and provenance: the model id, or the weights file name. */
    public String describe() {
        return modelId != null ? modelId : nitWeights.getFileName().toString();
    }
}
