package io.github.nitfiji.train;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.SafetensorsWeights;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LoRA and new class rows on the golden training model: exactness at B = 0, gradients, what stays frozen. */
class LoraTest {
    @TempDir
    Path dir;
    private NitTransformer nit;
    private PackedBatch batch;

    @BeforeEach
    void load() throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(TestFiles.golden(TrainGolden.WEIGHTS))) {
            nit = NitTransformer.load(NitConfig.fromWeights(f), new SafetensorsWeights(f), Device.cpu(),
                    DataType.FLOAT32);
        }
        batch = ExplicitSteps.readBatch(TrainGolden.writeBatches(dir).get(0));
    }

    @AfterEach
    void close() {
        nit.close();
    }

    private float[] velocity(PackedBatch b) {
        try (NDManager m = nit.newManager()) {
            NDArray x = FlowMatchingLoss.tokens(m, b.x0, 32);
            return nit.forward(x, b.sizes, b.t, b.labels).toFloatArray();
        }
    }

    private double loss(PackedBatch b) {
        try (NDManager m = nit.newManager()) {
            NDArray x0 = FlowMatchingLoss.tokens(m, b.x0, 32);
            NDArray noise = FlowMatchingLoss.tokens(m, b.noise, 32);
            NDArray tt = m.create(FlowMatchingLoss.tokenTimes(b.t, b.sizes), new Shape(x0.getShape().get(0), 1));
            NDArray out = nit.forward(FlowMatchingLoss.noised(x0, noise, tt), b.sizes, b.t, b.labels);
            return FlowMatchingLoss.loss(out, FlowMatchingLoss.target(x0, noise)).getFloat();
        }
    }

    @Test
    void withBZeroTheOutputIsExactlyTheBaseOutput() {
        float[] base = velocity(batch);
        try (TrainableModel lora = TrainableModel.lora(nit, 4, 8, 0, 7)) {
            assertEquals(4 * 2 * 2, lora.tensors.size(), "A and B for qkv, proj, fc1, fc2 of 2 blocks");
            assertArrayEquals(base, velocity(batch));
            // and the adapter is really in the forward: a non-zero B changes the output
            lora.tensor("blocks.1.mlp.fc2.lora_B.weight").value.addi(0.1f);
            assertFalse(java.util.Arrays.equals(base, velocity(batch)));
        }
        assertArrayEquals(base, velocity(batch), "closing takes the adapters off");
    }

    @Test
    void loraGradientsAgreeWithFiniteDifferences() {
        try (TrainableModel lora = TrainableModel.lora(nit, 3, 7, 0, 11)) {
            SplittableRandom random = new SplittableRandom(5);
            for (TrainedTensor t : lora.tensors) {
                if (t.name.endsWith("lora_B.weight")) {
                    t.value.set(randomValues(random, (int) t.size(), 0.05));
                }
            }
            // analytic gradients, then the directional derivative along a random direction u
            try (NDManager m = nit.newManager()) {
                NDArray x0 = FlowMatchingLoss.tokens(m, batch.x0, 32);
                NDArray noise = FlowMatchingLoss.tokens(m, batch.noise, 32);
                NDArray tt = m.create(FlowMatchingLoss.tokenTimes(batch.t, batch.sizes), new Shape(x0.getShape().get(0), 1));
                try (GradientCollector c = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray out = nit.forward(FlowMatchingLoss.noised(x0, noise, tt), batch.sizes, batch.t, batch.labels);
                    c.backward(FlowMatchingLoss.loss(out, FlowMatchingLoss.target(x0, noise)));
                }
            }
            double analytic = 0;
            float[][] direction = new float[lora.tensors.size()][];
            for (int i = 0; i < lora.tensors.size(); i++) {
                TrainedTensor t = lora.tensors.get(i);
                direction[i] = randomValues(random, (int) t.size(), 1);
                float[] g = t.value.getGradient().toFloatArray();
                for (int k = 0; k < g.length; k++) {
                    analytic += (double) g[k] * direction[i][k];
                }
            }
            double h = 1e-2;
            shift(lora, direction, h);
            double plus = loss(batch);
            shift(lora, direction, -2 * h);
            double minus = loss(batch);
            shift(lora, direction, h);
            double numeric = (plus - minus) / (2 * h);
            assertEquals(analytic, numeric, 1e-2 * Math.abs(analytic), "directional derivative");
            assertTrue(Math.abs(analytic) > 1e-2, "a direction with a measurable slope: " + analytic);
        }
    }

    @Test
    void newClassRowsTrainWhileTheImageNetRowsAndBaseWeightsStayUnchanged() {
        NDArray table = nit.boundWeights().get("y_embedder.embedding_table.weight");
        float[] before = table.toFloatArray();
        float[] qkvBefore = nit.boundWeights().get("blocks.0.attn.qkv.weight").toFloatArray();
        int[] labels = {1001, 1000, 1002};
        PackedBatch withNew = new PackedBatch(batch.x0, batch.noise, batch.sizes, batch.t, labels);
        try (TrainableModel lora = TrainableModel.lora(nit, 4, 4, 2, 3);
             TrainerState state = new TrainerState(lora.tensors, nit.newManager())) {
            float[] rowsBefore = lora.tensor(TrainableModel.CLASS_ROWS).value.toFloatArray();
            TrainStep step = new TrainStep(nit, state, AdamW.official(), new Ema(0.99), 1.0);
            for (int i = 0; i < 3; i++) {
                step.run(withNew, 1e-3, false);
            }
            float[] rowsAfter = lora.tensor(TrainableModel.CLASS_ROWS).value.toFloatArray();
            for (int r = 0; r < 2; r++) {
                double moved = 0;
                for (int k = 0; k < 32; k++) {
                    moved += Math.abs(rowsAfter[r * 32 + k] - rowsBefore[r * 32 + k]);
                }
                assertTrue(moved > 1e-3, "row of class " + (1001 + r) + " moved by " + moved);
            }
            assertFalse(java.util.Arrays.equals(new float[(int) lora.tensor("blocks.0.attn.qkv.lora_B.weight").size()],
                    lora.tensor("blocks.0.attn.qkv.lora_B.weight").value.toFloatArray()), "B trained");
        }
        assertArrayEquals(before, table.toFloatArray(), "ImageNet rows and the null row unchanged");
        assertArrayEquals(qkvBefore, nit.boundWeights().get("blocks.0.attn.qkv.weight").toFloatArray());
    }

    @Test
    void checkpointedBackwardGivesThePlainGradientsOfAdaptersAndNewClassRows() {
        int[] labels = {1001, 1000, 1002};
        PackedBatch withNew = new PackedBatch(batch.x0, batch.noise, batch.sizes, batch.t, labels);
        assertSameGradients(gradients(withNew, TrainStep.Checkpointing.NEVER, Long.MAX_VALUE),
                gradients(withNew, TrainStep.Checkpointing.ALWAYS, Long.MAX_VALUE));
    }

    @Test
    void checkpointedBackwardImageByImageGivesThePlainGradients() {
        // three images of one size: one run, which the checkpointed backward recomputes image by image
        java.util.List<io.github.nitfiji.model.LatentSize> sizes =
                java.util.Collections.nCopies(3, new io.github.nitfiji.model.LatentSize(4, 6));
        int n = 3 * 24 * nit.config().inChannels;
        SplittableRandom random = new SplittableRandom(11);
        float[] x0 = new float[n];
        float[] noise = new float[n];
        for (int i = 0; i < n; i++) {
            x0[i] = (float) (2 * random.nextDouble() - 1);
            noise[i] = (float) (2 * random.nextDouble() - 1);
        }
        PackedBatch three = new PackedBatch(x0, noise, sizes, new double[] {0.2, 0.5, 0.8}, new int[] {1001, 1000, 1002});
        assertSameGradients(gradients(three, TrainStep.Checkpointing.NEVER, Long.MAX_VALUE),
                gradients(three, TrainStep.Checkpointing.ALWAYS, 24));
    }

    private static void assertSameGradients(java.util.Map<String, float[]> plain,
                                            java.util.Map<String, float[]> checkpointed) {
        assertEquals(plain.keySet(), checkpointed.keySet());
        assertTrue(plain.containsKey(TrainableModel.CLASS_ROWS), "the new class rows are trained");
        int moving = 0;
        for (String key : plain.keySet()) {
            float[] reference = plain.get(key);
            if (java.util.stream.IntStream.range(0, reference.length).allMatch(i -> reference[i] == 0f)) {
                // A's gradient is 0 while B is 0 (LoRA's start): it must be 0 here too
                assertArrayEquals(reference, checkpointed.get(key), key);
                continue;
            }
            double err = io.github.nitfiji.Golden.relativeError(checkpointed.get(key), reference);
            assertTrue(err < 1e-5, key + " relative error " + err);
            moving++;
        }
        assertTrue(moving > plain.size() / 3, "most gradients are not zero: " + moving + " of " + plain.size());
    }

    /** One recorded step's gradients from fresh adapters (the same seed each time). */
    private java.util.Map<String, float[]> gradients(PackedBatch b, TrainStep.Checkpointing when, long recomputed) {
        try (TrainableModel lora = TrainableModel.lora(nit, 4, 4, 2, 3);
             TrainerState state = new TrainerState(lora.tensors, nit.newManager())) {
            return new TrainStep(nit, state, AdamW.official(), new Ema(0.99), 1.0).checkpointing(when)
                    .recomputedTokens(recomputed).run(b, 1e-3, true).gradients;
        }
    }

    @Test
    void aStepRunsOnAFreshThreadWhoseGradModeLibtorchStartsOn() throws Exception {
        try (TrainableModel lora = TrainableModel.lora(nit, 2, 2, 0, 1);
             TrainerState state = new TrainerState(lora.tensors, nit.newManager())) {
            TrainStep step = new TrainStep(nit, state, AdamW.official(), new Ema(0.99), 1.0);
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            Thread worker = new Thread(() -> {
                try {
                    ai.djl.pytorch.jni.JniUtils.setGradMode(true);
                    step.run(batch, 1e-3, false);
                    step.run(batch, 1e-3, false);
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            worker.start();
            worker.join();
            assertNull(failure.get(), () -> "a step on a thread with grad mode on failed: " + failure.get());
            assertEquals(2, state.steps);
        }
    }

    private static void shift(TrainableModel lora, float[][] direction, double h) {
        for (int i = 0; i < lora.tensors.size(); i++) {
            NDArray t = lora.tensors.get(i).value;
            try (NDArray d = t.getManager().create(direction[i], t.getShape())) {
                t.addi(d.muli((float) h));
            }
        }
    }

    private static float[] randomValues(SplittableRandom random, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (scale * (2 * random.nextDouble() - 1));
        }
        return v;
    }

}
