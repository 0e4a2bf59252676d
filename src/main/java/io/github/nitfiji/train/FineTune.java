package io.github.nitfiji.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.io.JsonFields;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.StrictJson;
import io.github.nitfiji.model.WeightSource;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * An installed fine-tune ({@link FineTuneWriter}) applied to its base: the NiT to sample with has the
 * LoRA products merged into the base weights at load ({@code W + (alpha / rank) B A}; or the full
 * weights of a full fine-tune), and the fine-tune's class rows after the null class, so its classes
 * are 1001, 1002, ... and the null class stays 1000 (ImageNet's 0..999 stay usable).
 */
public final class FineTune {
    public final String id;
    public final String baseId;
    public final String baseSha256;
    public final List<String> classNames;
    final Path weights;

    private FineTune(String id, String baseId, String baseSha256, List<String> classNames, Path weights) {
        this.id = id;
        this.baseId = baseId;
        this.baseSha256 = baseSha256;
        this.classNames = classNames;
        this.weights = weights;
    }

    /** A fine-tune as its card in the catalogue describes it ({@code base}, {@code classes}) with its weights file. */
    public static FineTune of(String id, String baseId, String baseSha256, List<String> classNames, Path weights) {
        return new FineTune(id, baseId, baseSha256.toLowerCase(Locale.ROOT), List.copyOf(classNames), weights);
    }

    /** Reads the card {@code <modelsRoot>/<id>.json}; errors say what to install or fix. */
    public static FineTune open(Path modelsRoot, String id) throws IOException {
        Path card = modelsRoot.resolve(id + ".json");
        if (!Files.isRegularFile(card)) {
            throw new IllegalArgumentException("no fine-tune '" + id + "' in " + modelsRoot + " (no " + card + ")");
        }
        JsonFields root = StrictJson.parseObject(Files.readString(card, StandardCharsets.UTF_8), card.toString());
        if (!"nit-finetune".equals(root.requiredString("kind"))) {
            throw new IllegalArgumentException("model '" + id + "' is a '" + root.requiredString("kind")
                    + "', not a fine-tune (nit-finetune)");
        }
        JsonFields base = root.requiredObject("base");
        Path weights = modelsRoot.resolve(id).resolve(FineTuneWriter.WEIGHTS);
        if (!Files.isRegularFile(weights)) {
            throw new IllegalArgumentException("fine-tune '" + id + "' is incomplete: " + weights + " is missing; train it"
                    + " again or copy its folder back");
        }
        return new FineTune(id, base.requiredString("id"), base.requiredString("sha256").toLowerCase(Locale.ROOT),
                root.requiredStringArray("classes"), weights);
    }

    /** The model id of class {@code k} of {@link #classNames} on a base of {@code config}. */
    public static int classId(NitConfig config, int k) {
        return config.nullClass() + 1 + k;
    }

    /**
     * Throws, naming what to install, unless {@code sha256} (of the base weights found) is the one
     * the fine-tune was made on.
     */
    public void checkBase(String sha256) {
        if (sha256 == null || !sha256.equalsIgnoreCase(baseSha256)) {
            throw new IllegalArgumentException("fine-tune '" + id + "' was made on model '" + baseId + "' with weights"
                    + " SHA-256 " + baseSha256 + ", but the installed '" + baseId + "' has "
                    + (sha256 == null ? "no known SHA-256" : sha256) + "; install that exact base (models download "
                    + baseId + ") or train the fine-tune again on this one");
        }
    }

    /**
     * The NiT to sample with: {@code base} (the base model's weights, checked with {@link #checkBase}
     * by the caller) with this fine-tune merged in, on {@code device}, with the class rows appended.
     */
    public NitTransformer load(NitConfig config, WeightSource base, Device device, DataType precision)
            throws IOException {
        try (SafetensorsFile adapter = SafetensorsFile.open(weights)) {
            MergedWeights merged = new MergedWeights(base, adapter, config, id);
            NitTransformer nit = NitTransformer.load(config, merged, device, precision);
            try {
                NDManager rows = nit.newManager();
                float[] values = adapter.readFloats(TrainableModel.CLASS_ROWS);
                NDArray table = rows.create(values, new Shape(classNames.size(), config.hiddenSize));
                nit.useExtraClasses(table.toType(precision, false));
                return nit;
            } catch (IOException | RuntimeException e) {
                nit.close();
                throw e;
            }
        }
    }
}
