package io.github.nitfiji.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.SafetensorsWeights;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Official training steps on explicit inputs, for checking against the official code: full
 * fine-tuning in FP32 on the CPU, one model and one optimizer, the batches in order. Each batch
 * file holds {@code x0} and {@code noise} [N, C], {@code t} [B], {@code hw} [B, 2] (int) and
 * {@code labels} [B] (int, label dropout already applied). The result holds, for step K (from 1),
 * {@code stepK.loss} [1], and per weight {@code stepK.grad.<key>} (before clipping),
 * {@code stepK.delta.<key>} (after minus before) and {@code stepK.ema_delta.<key>} (EMA minus the
 * initial weights), each in the official shape. Weights in the file that the model does not use
 * (the training-only {@code projector.*} of the REPA term) get no gradient and so no update:
 * their delta and EMA delta are zeros, as in the official step.
 */
public final class ExplicitSteps {
    /** The settings of the steps: optimizer, clipping, EMA, learning rate. */
    public static final class Settings {
        final double lr;
        final AdamW optimizer;
        final double clip;
        final Ema ema;
        TrainStep.Checkpointing checkpointing = TrainStep.Checkpointing.AUTO;

        public Settings(double lr, double beta1, double beta2, double eps, double weightDecay, double clip,
                        double emaDecay) {
            if (!(lr > 0) || !(clip > 0)) {
                throw new IllegalArgumentException("--lr and --clip must be above 0, found " + lr + " and " + clip);
            }
            this.lr = lr;
            this.optimizer = new AdamW(beta1, beta2, eps, weightDecay);
            this.clip = clip;
            this.ema = new Ema(emaDecay);
        }

        /** These settings with backward checkpointed always (true) or never (false), for tests. */
        Settings checkpointing(boolean always) {
            checkpointing = always ? TrainStep.Checkpointing.ALWAYS : TrainStep.Checkpointing.NEVER;
            return this;
        }
    }

    private ExplicitSteps() {
    }

    /** Reads a batch file; errors name the file and the tensor. */
    static PackedBatch readBatch(Path file) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (String key : new String[] {"x0", "noise", "t", "hw", "labels"}) {
                if (!f.contains(key)) {
                    throw new IllegalArgumentException("batch file " + file + " has no tensor '" + key
                            + "'; it needs x0 [N, C], noise [N, C], t [B], hw [B, 2] and labels [B]");
                }
            }
            int[] hw = f.readInts("hw");
            List<LatentSize> sizes = new ArrayList<>();
            for (int i = 0; i + 1 < hw.length; i += 2) {
                if (hw[i] < 1 || hw[i + 1] < 1) {
                    throw new IllegalArgumentException("batch file " + file + ": image " + i / 2 + " has latent size "
                            + hw[i] + " x " + hw[i + 1]);
                }
                sizes.add(new LatentSize(hw[i], hw[i + 1]));
            }
            float[] t = f.readFloats("t");
            double[] times = new double[t.length];
            for (int i = 0; i < t.length; i++) {
                times[i] = t[i];
            }
            try {
                return new PackedBatch(f.readFloats("x0"), f.readFloats("noise"), sizes, times, f.readInts("labels"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("batch file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Runs the steps on the weights in {@code weightsFile} with {@code config}; see the class comment. */
    public static Map<String, float[]> run(Path weightsFile, NitConfig config, List<Path> batchFiles,
                                           Settings settings) throws IOException {
        TrainStep.gradModeOff();
        List<PackedBatch> batches = new ArrayList<>();
        for (Path b : batchFiles) {
            batches.add(readBatch(b));
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        try (SafetensorsFile weights = SafetensorsFile.open(weightsFile);
             NitTransformer nit = NitTransformer.load(config, new SafetensorsWeights(weights), Device.cpu(),
                     DataType.FLOAT32);
             NDManager manager = nit.newManager()) {
            List<TrainedTensor> tensors = FullWeights.of(nit, manager);
            try (TrainerState state = new TrainerState(tensors, manager)) {
                TrainStep step = new TrainStep(nit, state, settings.optimizer, settings.ema, settings.clip)
                        .checkpointing(settings.checkpointing);
                for (int k = 0; k < batches.size(); k++) {
                    checkLabels(batches.get(k), config, batchFiles.get(k));
                    TrainStep.Result r = step.run(batches.get(k), settings.lr, true);
                    String p = "step" + (k + 1) + ".";
                    out.put(p + "loss", new float[] {(float) r.loss});
                    r.gradients.forEach((key, v) -> out.put(p + "grad." + key, v));
                    r.deltas.forEach((key, v) -> out.put(p + "delta." + key, v));
                    r.emaDeltas.forEach((key, v) -> out.put(p + "ema_delta." + key, v));
                    for (String unused : unusedKeys(weights, config)) {
                        int n = Math.toIntExact(weights.info(unused).elementCount());
                        out.put(p + "delta." + unused, new float[n]);
                        out.put(p + "ema_delta." + unused, new float[n]);
                    }
                }
            }
        }
        return out;
    }

    /** The shape of output tensor {@code outputKey} of {@link #run} on {@code weights}. */
    public static long[] shapeOf(String outputKey, SafetensorsFile weights) throws IOException {
        if (outputKey.endsWith(".loss")) {
            return new long[] {1};
        }
        String key = outputKey.substring(outputKey.indexOf('.', outputKey.indexOf('.') + 1) + 1);
        return weights.info(key).shape();
    }

    private static List<String> unusedKeys(SafetensorsFile weights, NitConfig config) {
        List<String> unused = new ArrayList<>();
        for (Map.Entry<String, io.github.nitfiji.io.TensorInfo> e : weights.tensors().entrySet()) {
            if (!config.expectedShapes().containsKey(e.getKey()) && e.getValue().dtype().isFloating()) {
                unused.add(e.getKey());
            }
        }
        return unused;
    }

    private static void checkLabels(PackedBatch batch, NitConfig config, Path file) {
        for (int label : batch.labels) {
            if (label < 0 || label > config.nullClass()) {
                throw new IllegalArgumentException("batch file " + file + ": label " + label + " is outside 0.."
                        + config.nullClass() + " (" + config.nullClass() + " = the null class)");
            }
        }
    }
}
