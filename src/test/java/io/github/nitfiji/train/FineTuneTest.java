package io.github.nitfiji.train;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.SafetensorsWeights;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fine-tune as a model: installed, loaded onto its base (merged), exported for the official code. */
class FineTuneTest {
    private static final int RANK = 3;
    private static final double ALPHA = 5;
    @TempDir
    static Path dir;
    private static Path models;
    private static NitConfig config;
    private static Map<String, float[]> values;

    /** Installs a LoRA fine-tune with random non-zero A, B and rows for classes "alpha" and "beta". */
    @BeforeAll
    static void install() throws Exception {
        Path weights = TestFiles.golden(TrainGolden.WEIGHTS);
        JsonObject baseConfig;
        try (SafetensorsFile f = SafetensorsFile.open(weights)) {
            config = NitConfig.fromWeights(f);
            baseConfig = JsonParser.parseString(f.metadata().get("config")).getAsJsonObject();
        }
        models = Files.createDirectories(dir.resolve("models"));
        values = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(1);
        for (String layer : TrainableModel.loraLayers(config)) {
            long[] w = config.expectedShapes().get(layer + ".weight");
            put(values, shapes, TrainableModel.loraA(layer), new long[] {RANK, w[1]}, random);
            put(values, shapes, TrainableModel.loraB(layer), new long[] {w[0], RANK}, random);
        }
        put(values, shapes, TrainableModel.CLASS_ROWS, new long[] {2, config.hiddenSize}, random);
        Map<String, FineTuneWeights.Tensor> tensors = new LinkedHashMap<>();
        values.forEach((name, v) -> tensors.put(name, new FineTuneWeights.Tensor(shapes.get(name), () -> v)));
        Path file = dir.resolve("finetune.safetensors");
        FineTuneWeights.write(file, tensors, false, RANK, ALPHA, "ab".repeat(32), List.of("alpha", "beta"));
        TrainingRun.Outcome outcome = new TrainingRun.Outcome(10, 0.5, false, RANK, ALPHA, "digest", 64, 1, file);
        Path data = Files.createDirectories(dir.resolve("data"));
        Dataset dataset = new Dataset(data, List.of("alpha", "beta"), List.of(new Dataset.Entry(data.resolve("a.png"), 0)));
        TrainingSettings settings = new TrainingSettings();
        FineTuneWriter.install(models, "my-cells", new FineTuneWriter.Base("golden-train", "ab".repeat(32),
                "smoke-test-dcae", baseConfig), dataset, settings, outcome);
    }

    private static void put(Map<String, float[]> values, Map<String, long[]> shapes, String name, long[] shape,
                            SplittableRandom random) {
        float[] v = new float[(int) (shape[0] * shape[1])];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (0.2 * (2 * random.nextDouble() - 1));
        }
        values.put(name, v);
        shapes.put(name, shape);
    }

    @Test
    void theCardIsAModelCardOfTheNewKindNamingBaseClassesAndTraining() throws Exception {
        io.github.nitfiji.catalog.ModelCard card = io.github.nitfiji.catalog.ModelCard.parse(
                Files.readString(models.resolve("my-cells.json"), StandardCharsets.UTF_8), "test");
        assertEquals("nit-finetune", card.kind().jsonName());
        FineTune ft = FineTune.open(models, "my-cells");
        assertEquals("golden-train", ft.baseId);
        assertEquals(List.of("alpha", "beta"), ft.classNames);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FineTuneWriter.checkNewId(models, "my-cells"));
        assertTrue(e.getMessage().contains("already installed"), e.getMessage());
    }

    @Test
    void mergedExportEqualsBasePlusAdapterWithin1e6InTheOfficialLayout() throws Exception {
        Path out = dir.resolve("export");
        Path weights = TestFiles.golden(TrainGolden.WEIGHTS);
        FineTune ft = FineTune.open(models, "my-cells");
        try (SafetensorsFile base = SafetensorsFile.open(weights)) {
            JsonObject baseConfig = JsonParser.parseString(base.metadata().get("config")).getAsJsonObject();
            MergedExport.write(ft, config, baseConfig, new SafetensorsWeights(base), new ArrayList<>(base.tensors().keySet()),
                    out);
            try (SafetensorsFile exported = SafetensorsFile.open(out.resolve("model.safetensors"))) {
                assertEquals(base.tensors().keySet(), exported.tensors().keySet(), "official keys, projector included");
                NitConfig exportedConfig = NitConfig.fromWeights(exported);
                assertEquals(1002, exportedConfig.numClasses, "num_classes = 1000 + K");
                for (String layer : TrainableModel.loraLayers(config)) {
                    float[] w = base.readFloats(layer + ".weight");
                    float[] a = values.get(TrainableModel.loraA(layer));
                    float[] b = values.get(TrainableModel.loraB(layer));
                    int in = (int) config.expectedShapes().get(layer + ".weight")[1];
                    float[] expected = new float[w.length];
                    for (int o = 0; o < w.length / in; o++) {
                        for (int i = 0; i < in; i++) {
                            double sum = 0;
                            for (int r = 0; r < RANK; r++) {
                                sum += (double) b[o * RANK + r] * a[r * in + i];
                            }
                            expected[o * in + i] = (float) (w[o * in + i] + ALPHA / RANK * sum);
                        }
                    }
                    double err = Golden.relativeError(exported.readFloats(layer + ".weight"), expected);
                    assertTrue(err < 1e-6, layer + " merged relative error " + err);
                }
                float[] table = exported.readFloats(MergedExport.TABLE);
                float[] baseTable = base.readFloats(MergedExport.TABLE);
                float[] rows = values.get(TrainableModel.CLASS_ROWS);
                int d = config.hiddenSize;
                assertArrayEquals(java.util.Arrays.copyOfRange(baseTable, 0, 1000 * d),
                        java.util.Arrays.copyOfRange(table, 0, 1000 * d), "ImageNet rows first");
                assertArrayEquals(rows, java.util.Arrays.copyOfRange(table, 1000 * d, 1002 * d), "then the user classes");
                assertArrayEquals(java.util.Arrays.copyOfRange(baseTable, 1000 * d, 1001 * d),
                        java.util.Arrays.copyOfRange(table, 1002 * d, 1003 * d), "the null class last");
                assertArrayEquals(base.readFloats("blocks.0.adaLN_modulation.1.weight"),
                        exported.readFloats("blocks.0.adaLN_modulation.1.weight"), "layers without adapters unchanged");
            }
        }
        assertTrue(Files.readString(out.resolve("classes.txt")).startsWith("1000\talpha\n1001\tbeta\n1002\t"));
    }

    @Test
    void theLoadedFineTuneSamplesLikeTheBaseWithItsAdaptersAndRows() throws Exception {
        FineTune ft = FineTune.open(models, "my-cells");
        List<LatentSize> sizes = List.of(new LatentSize(2, 3), new LatentSize(3, 2));
        float[] x = new float[12 * 32];
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * random.nextDouble() - 1);
        }
        double[] t = {0.3, 0.8};
        int[] classes = {FineTune.classId(config, 1), 207};
        float[] merged;
        float[] adapted;
        try (SafetensorsFile f = SafetensorsFile.open(TestFiles.golden(TrainGolden.WEIGHTS));
             NitTransformer nit = ft.load(config, new SafetensorsWeights(f), Device.cpu(), DataType.FLOAT32);
             NDManager m = nit.newManager()) {
            assertEquals(2, nit.extraClasses());
            merged = nit.forward(m.create(x, new ai.djl.ndarray.types.Shape(12, 32)), sizes, t, classes).toFloatArray();
        }
        try (NitTransformer nit = TinyTraining.nit();
             TrainableModel lora = TrainableModel.lora(nit, RANK, ALPHA, 2, 0);
             NDManager m = nit.newManager()) {
            for (TrainedTensor tensor : lora.tensors) {
                tensor.value.set(values.get(tensor.name));
            }
            adapted = nit.forward(m.create(x, new ai.djl.ndarray.types.Shape(12, 32)), sizes, t, classes).toFloatArray();
        }
        double err = Golden.relativeError(merged, adapted);
        assertTrue(err < 1e-5, "merged vs adapter path relative error " + err);
    }

    @Test
    void aBaseWithAnotherSha256OrAnotherShapeIsRefusedNamingWhatToInstall() throws Exception {
        FineTune ft = FineTune.open(models, "my-cells");
        IllegalArgumentException sha = assertThrows(IllegalArgumentException.class, () -> ft.checkBase("cd".repeat(32)));
        assertTrue(sha.getMessage().contains("models download golden-train"), sha.getMessage());
        try (SafetensorsFile other = SafetensorsFile.open(TestFiles.golden("nit_tiny.safetensors"))) {
            NitConfig otherConfig = NitConfig.fromWeights(other);
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                    () -> ft.load(otherConfig, new SafetensorsWeights(other), Device.cpu(), DataType.FLOAT32));
            assertTrue(shape.getMessage().contains("does not fit its base"), shape.getMessage());
        }
    }
}
