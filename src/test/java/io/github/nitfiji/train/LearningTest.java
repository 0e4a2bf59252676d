package io.github.nitfiji.train;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.dcae.DcAeEncoder;
import io.github.nitfiji.model.nit.NitTransformer;
import io.github.nitfiji.sampling.Sampler;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import io.github.nitfiji.sampling.SamplingProgress;
import io.github.nitfiji.sampling.SeededNoise;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole LoRA fine-tune on the tiny models learns: two synthetic classes (bright gradients, dark
 * stripes), encoded by the tiny DC-AE, 300 steps on the tiny training NiT. The loss falls, and
 * samples of each new class land nearer that class's training latents than the other's.
 */
class LearningTest {
    private static final int STEPS = 300;
    private static final int SAMPLES = 4;

    @TempDir
    Path dir;

    @Test
    void twoNewClassesAreLearned() throws Exception {
        Dataset dataset = Dataset.open(TinyTraining.dataset(dir.resolve("data"), 6));
        LatentCache cache = new LatentCache(dir.resolve("cache"));
        LatentCache.Report report;
        try (DcAeEncoder encoder = TinyTraining.encoder()) {
            report = cache.encode(dataset, new TrainingImageFiles(), TinyTraining.encoding(encoder),
                    new NativeResolution(32, 512), false, 1, 1, EncodeProgress.NONE, () -> false);
        }
        TrainingData data = new TrainingData(cache, report.entries, 1001, 32);
        double[][] classMean = new double[2][32];
        int[] count = new int[2];
        for (int i = 0; i < data.sizes.size(); i++) {
            int k = data.classIds[i] - 1001;
            addChannelMeans(classMean[k], data.variants.get(i)[0]);
            count[k]++;
        }
        for (int k = 0; k < 2; k++) {
            for (int c = 0; c < 32; c++) {
                classMean[k][c] /= count[k];
            }
        }
        TrainingSettings settings = TinyTraining.settings(STEPS);
        settings.lr = 3e-3;
        settings.rank = 8;
        settings.emaDecay = 0.9;
        List<Double> losses = new ArrayList<>();
        TrainingRun.Outcome outcome;
        try (NitTransformer nit = TinyTraining.nit()) {
            outcome = TrainingRun.run(TinyTraining.setup(nit, dataset, cache, report, dir.resolve("run")), settings,
                    false, r -> losses.add(r.loss), () -> false);
        }
        double first = mean(losses.subList(0, 30));
        double last = mean(losses.subList(STEPS - 30, STEPS));
        assertTrue(last < 0.8 * first, "the loss falls by at least 20 %: first 30 steps " + first + ", last 30 " + last);
        // the fine-tune as a user gets it: installed, then loaded onto its base
        FineTuneWriter.install(dir, "learned", new FineTuneWriter.Base("golden", "00", "dcae",
                new com.google.gson.JsonObject()), dataset, settings, outcome);
        FineTune ft = FineTune.open(dir, "learned");
        try (io.github.nitfiji.io.SafetensorsFile f = io.github.nitfiji.io.SafetensorsFile.open(
                io.github.nitfiji.TestFiles.golden(TrainGolden.WEIGHTS));
             NitTransformer tuned = ft.load(io.github.nitfiji.model.nit.NitConfig.fromWeights(f),
                     new io.github.nitfiji.model.SafetensorsWeights(f), ai.djl.Device.cpu(),
                     ai.djl.ndarray.types.DataType.FLOAT32)) {
            for (int k = 0; k < 2; k++) {
                double[] sampled = sampleChannelMeans(tuned, 1001 + k);
                double own = distance(sampled, classMean[k]);
                double other = distance(sampled, classMean[1 - k]);
                assertTrue(own < other, "class " + (1001 + k) + ": samples are " + own + " from their class, " + other
                        + " from the other");
            }
        }
    }

    private static double[] sampleChannelMeans(NitTransformer nit, int classId) {
        LatentSize size = new LatentSize(2, 2);
        int n = size.tokens() * 32;
        float[] noise = new float[SAMPLES * n];
        for (int s = 0; s < SAMPLES; s++) {
            new SeededNoise(100 + s, SeededNoise.INITIAL).fill(noise, s * n, n);
        }
        int[] ids = new int[SAMPLES];
        java.util.Arrays.fill(ids, classId);
        try (NDManager m = nit.newManager()) {
            NDArray x = m.create(noise, new Shape(SAMPLES * (long) size.tokens(), 32));
            float[] out = new Sampler(nit).sample(new ArrayList<>(Collections.nCopies(SAMPLES, size)), ids, x, null,
                    new SamplerSettings(SamplerKind.ODE, 20, 1.0, 0.0, 1.0), SamplingProgress.NONE, () -> false)
                    .toFloatArray();
            double[] means = new double[32];
            addChannelMeans(means, out);
            return means;
        }
    }

    private static void addChannelMeans(double[] into, float[] tokens) {
        int n = tokens.length / 32;
        for (int t = 0; t < n; t++) {
            for (int c = 0; c < 32; c++) {
                into[c] += tokens[t * 32 + c] / (double) n;
            }
        }
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
