package io.github.nitfiji.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.github.nitfiji.io.AtomicFiles;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.SafetensorsWriter;
import io.github.nitfiji.model.WeightSource;
import io.github.nitfiji.model.nit.NitConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fine-tune as plain NiT weights that the official code loads as they are ({@code init_from_ckpt}
 * then sampling): official key names, FP32, the fine-tune merged in, and the label table in the
 * official order: ImageNet 0..999, the fine-tune's classes at 1000..999+K, the null class last at
 * 1000+K (the official model takes {@code num_classes} as the null class). Written into a new folder:
 * {@code model.safetensors} (its {@code __metadata__.config} and {@code config.json} give
 * {@code num_classes} = 1000 + K) and {@code classes.txt} (official id, tab, name).
 */
public final class MergedExport {
    static final String TABLE = "y_embedder.embedding_table.weight";

    private MergedExport() {
    }

    /** Writes {@code fineTune} merged into its installed {@code base} (checked by SHA-256 first). */
    public static void write(FineTune fineTune, BaseModel base, Path outDir) throws IOException {
        fineTune.checkBase(base.sha256);
        try (SafetensorsFile weights = SafetensorsFile.open(base.weights)) {
            write(fineTune, base.config, base.card.config().deepCopy(), new io.github.nitfiji.model.SafetensorsWeights(
                    weights), new ArrayList<>(weights.tensors().keySet()), outDir);
        }
    }

    /**
     * @param baseConfig the base's official constructor arguments (num_classes is replaced)
     * @param baseKeys every tensor of the base weights file, in its order (training-only ones are copied)
     */
    public static void write(FineTune fineTune, NitConfig config, JsonObject baseConfig, WeightSource base,
                             List<String> baseKeys, Path outDir) throws IOException {
        if (Files.exists(outDir) && (!Files.isDirectory(outDir) || !isEmpty(outDir))) {
            throw new IllegalArgumentException("--out " + outDir + " exists and is not an empty folder; give a new folder");
        }
        int classes = fineTune.classNames.size();
        JsonObject exported = baseConfig.deepCopy();
        exported.addProperty("num_classes", config.numClasses + classes);
        Files.createDirectories(outDir);
        try (SafetensorsFile adapter = SafetensorsFile.open(fineTune.weights);
             NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            MergedWeights merged = new MergedWeights(base, adapter, config, fineTune.id);
            SafetensorsWriter w = new SafetensorsWriter();
            for (String key : baseKeys) {
                if (!base.isFloating(key)) {
                    continue;
                }
                if (key.equals(TABLE)) {
                    long d = config.hiddenSize;
                    w.putLater(key, new long[] {config.numClasses + classes + 1L, d}, () -> officialTable(merged, adapter,
                            config, manager));
                } else {
                    w.putLater(key, merged.shape(key), () -> values(merged, key, manager));
                }
            }
            w.metadata("format", "pt").metadata("config", exported.toString());
            w.write(outDir.resolve("model.safetensors"));
        }
        String json = new GsonBuilder().setPrettyPrinting().create().toJson(exported) + "\n";
        AtomicFiles.write(outDir.resolve("config.json"), f -> Files.writeString(f, json, StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            lines.add((config.numClasses + k) + "\t" + fineTune.classNames.get(k));
        }
        lines.add((config.numClasses + classes) + "\t(null class: unconditional)");
        AtomicFiles.write(outDir.resolve("classes.txt"), f -> Files.write(f, lines, StandardCharsets.UTF_8));
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.findAny().isEmpty();
        }
    }

    private static float[] values(MergedWeights merged, String key, NDManager manager) {
        try (NDArray a = merged.load(key, manager, DataType.FLOAT32)) {
            return a.toFloatArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** ImageNet rows, then the fine-tune's rows, then the null row. */
    private static float[] officialTable(MergedWeights merged, SafetensorsFile adapter, NitConfig config,
                                         NDManager manager) {
        try {
            float[] table = values(merged, TABLE, manager);
            float[] rows = adapter.readFloats(TrainableModel.CLASS_ROWS);
            int d = config.hiddenSize;
            int imageNet = config.numClasses * d;
            float[] out = new float[table.length + rows.length];
            System.arraycopy(table, 0, out, 0, imageNet);
            System.arraycopy(rows, 0, out, imageNet, rows.length);
            System.arraycopy(table, imageNet, out, imageNet + rows.length, d);
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
