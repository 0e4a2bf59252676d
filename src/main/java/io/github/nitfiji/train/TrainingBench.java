package io.github.nitfiji.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.RandomWeights;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.model.dcae.DcAeEncoder;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import io.github.nitfiji.pipeline.MemoryPlan;
import io.github.nitfiji.runtime.MemoryUse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code train bench}: seconds per training step and peak memory at the NiT-XL shape (random
 * weights) for LoRA and full fine-tuning at given token budgets, beside an inference forward of the
 * same tokens; and the DC-AE encode rate. Packs are 16 x 16-latent images (256 tokens each). Peak
 * memory is the process's resident high-water mark (reset before each measurement where Linux
 * allows it), so it includes the weights.
 */
public final class TrainingBench {
    /** One measured (or refused) configuration. */
    public static final class Row {
        public final int tokens;
        public final String mode;
        public final double forwardSeconds;
        public final double stepSeconds;
        public final double inferencePeakGb;
        public final double trainingPeakGb;
        public final double estimateGb;
        /** Why it was not run, or null. */
        public final String refused;

        Row(int tokens, String mode, double forwardSeconds, double stepSeconds, double inferencePeakGb,
            double trainingPeakGb, double estimateGb, String refused) {
            this.tokens = tokens;
            this.mode = mode;
            this.forwardSeconds = forwardSeconds;
            this.stepSeconds = stepSeconds;
            this.inferencePeakGb = inferencePeakGb;
            this.trainingPeakGb = trainingPeakGb;
            this.estimateGb = estimateGb;
            this.refused = refused;
        }
    }

    private TrainingBench() {
    }

    /** NiT-XL's shape with {@code depth} blocks. */
    public static NitConfig shape(int depth) {
        NitConfig xl = NitConfig.xl();
        return new NitConfig(xl.hiddenSize, depth, xl.numHeads, xl.mlpRatio, 1, xl.inChannels, xl.numClasses, true);
    }

    public static List<Row> steps(NitConfig config, int[] budgets, List<String> modes, int rank, int repeat,
                                  Device device, long memoryBudget) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (int tokens : budgets) {
            List<LatentSize> sizes = pack(tokens);
            PackedBatch batch = batch(sizes, config);
            for (String mode : modes) {
                boolean full = mode.equals("full");
                long estimate = TrainingMemory.stepBytes(config, full ? 0 : rank, 1, tokens, sizes.get(0).tokens());
                if (estimate > (memoryBudget > 0 ? memoryBudget : MemoryPlan.defaultBudget())) {
                    rows.add(new Row(tokens, mode, 0, 0, 0, 0, estimate / 1e9, "needs about "
                            + TrainingMemory.gb(estimate) + ", above the memory budget"));
                    continue;
                }
                try (NitTransformer nit = NitTransformer.load(config, new RandomWeights(config.expectedShapes(), 7),
                        device, DataType.FLOAT32)) {
                    resetPeak();
                    double forward = time(repeat, () -> forward(nit, batch));
                    double inferencePeak = MemoryUse.peakResidentBytes() / 1e9;
                    try (TrainableModel model = full ? TrainableModel.full(nit, 1) : TrainableModel.lora(nit, rank, rank, 1, 0);
                         TrainerState state = new TrainerState(model.tensors, nit.newManager())) {
                        TrainStep step = new TrainStep(nit, state, AdamW.official(), new Ema(0.999), 1.0);
                        resetPeak();
                        double seconds = time(repeat, () -> step.run(batch, 1e-5, false));
                        String shown = TrainingMemory.checkpoints(config, tokens) ? mode + " (checkpointed)" : mode;
                        rows.add(new Row(tokens, shown, forward, seconds, inferencePeak,
                                MemoryUse.peakResidentBytes() / 1e9, estimate / 1e9, null));
                    }
                }
            }
        }
        return rows;
    }

    /** Images per second through the DC-AE f32c32 encoder (random weights) at each square size. */
    public static double[] encodeRates(int[] sizes, int repeat, Device device) throws ModelException {
        DcAeConfig config = DcAeConfig.fromJson(ModelCatalog.bundled().require("dc-ae-f32c32-sana-1.1").config()
                .toString());
        double[] rates = new double[sizes.length];
        try (DcAeEncoder encoder = DcAeEncoder.random(config, device, DataType.FLOAT32, 3)) {
            LatentEncoding encoding = new LatentEncoding(encoder, device, MemoryPlan.defaultDecodeBudget(), "random");
            for (int i = 0; i < sizes.length; i++) {
                int px = sizes[i];
                RgbPlanes image = new RgbPlanes(px, px, new float[3 * px * px]);
                rates[i] = 1 / time(repeat, () -> encoding.encode(image));
            }
        }
        return rates;
    }

    /** 16 x 16-latent images filling {@code tokens}; one smaller square image below 256 tokens. */
    static List<LatentSize> pack(int tokens) {
        if (tokens < 256) {
            int side = Math.max(1, (int) Math.sqrt(tokens));
            return List.of(new LatentSize(side, side));
        }
        return new ArrayList<>(Collections.nCopies(tokens / 256, new LatentSize(16, 16)));
    }

    private static PackedBatch batch(List<LatentSize> sizes, NitConfig config) {
        int n = sizes.stream().mapToInt(LatentSize::tokens).sum() * config.inChannels;
        SplittableRandom random = new SplittableRandom(5);
        float[] x0 = new float[n];
        float[] noise = new float[n];
        for (int i = 0; i < n; i++) {
            x0[i] = (float) (2 * random.nextDouble() - 1);
            noise[i] = (float) (2 * random.nextDouble() - 1);
        }
        double[] t = new double[sizes.size()];
        int[] labels = new int[sizes.size()];
        java.util.Arrays.fill(t, 0.5);
        java.util.Arrays.fill(labels, 207);
        return new PackedBatch(x0, noise, sizes, t, labels);
    }

    private static void forward(NitTransformer nit, PackedBatch b) {
        try (NDManager m = nit.newManager()) {
            nit.forward(FlowMatchingLoss.tokens(m, b.x0, nit.config().inChannels), b.sizes, b.t, b.labels).toFloatArray();
        }
    }

    /** Best of {@code repeat} timed runs after one warm-up, in seconds. */
    private static double time(int repeat, Runnable run) {
        run.run();
        double best = Double.MAX_VALUE;
        for (int r = 0; r < repeat; r++) {
            long start = System.nanoTime();
            run.run();
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return best;
    }

    /** Linux: resets VmHWM to the current resident size (writing 5 to clear_refs); elsewhere nothing. */
    private static void resetPeak() {
        try {
            Files.writeString(Paths.get("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // the peak then covers the whole run so far
        }
    }
}
