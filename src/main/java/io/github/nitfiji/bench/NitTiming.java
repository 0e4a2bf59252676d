package io.github.nitfiji.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.nit.NitTransformer;
import io.github.nitfiji.runtime.MemoryUse;
import io.github.nitfiji.sampling.Sampler;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import io.github.nitfiji.sampling.SamplingProgress;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Speed of a NiT transformer at one square size and batch: ms per forward (B conditional images),
 * ms per sampling step (CFG: one forward of 2B images plus the update), and peak memory.
 */
public final class NitTiming {
    public final int pixels;
    public final int batch;
    public final int tokensPerImage;
    public final double msPerForward;
    public final double msPerStep;
    public final double peakHeapMb;
    public final double peakResidentMb;

    private NitTiming(int pixels, int batch, int tokensPerImage, double msPerForward, double msPerStep,
                      double peakHeapMb, double peakResidentMb) {
        this.pixels = pixels;
        this.batch = batch;
        this.tokensPerImage = tokensPerImage;
        this.msPerForward = msPerForward;
        this.msPerStep = msPerStep;
        this.peakHeapMb = peakHeapMb;
        this.peakResidentMb = peakResidentMb;
    }

    /** Seconds per image of a 50-step run. */
    public double secondsPerImage50Steps() {
        return msPerStep * 50 / 1000 / batch;
    }

    /**
     * Times {@code repeat} forwards and {@code repeat} sampling steps after one warm-up forward.
     *
     * @param pixels side of the square image (a multiple of 32)
     */
    public static NitTiming measure(NitTransformer model, int pixels, int batch, int repeat) {
        LatentSize size = new LatentSize(pixels / 32, pixels / 32);
        List<LatentSize> sizes = Collections.nCopies(batch, size);
        int[] classes = new int[batch];
        Arrays.fill(classes, 207);
        double[] t = new double[batch];
        Arrays.fill(t, 0.5);
        try (NDManager m = model.newManager()) {
            NDArray x = m.randomNormal(new Shape((long) batch * size.tokens(), model.config().inChannels));
            NDArray c = model.conditioning(t, classes, m);
            model.forward(x, sizes, c).close(); // warm-up
            long start = System.nanoTime();
            for (int i = 0; i < repeat; i++) {
                float[] sync = model.forward(x, sizes, c).get(0).toFloatArray(); // reading waits for the device
                if (sync.length == 0) {
                    throw new IllegalStateException("empty output");
                }
            }
            double msForward = (System.nanoTime() - start) / 1e6 / repeat;

            SamplerSettings cfg = new SamplerSettings(SamplerKind.ODE, repeat, 3.0, 0, 1);
            start = System.nanoTime();
            new Sampler(model).sample(sizes, classes, x, null, cfg, SamplingProgress.NONE, () -> false).toFloatArray();
            double msStep = (System.nanoTime() - start) / 1e6 / repeat;
            return new NitTiming(pixels, batch, size.tokens(), msForward, msStep, MemoryUse.peakHeapBytes() / 1e6,
                    MemoryUse.peakResidentBytes() / 1e6);
        }
    }
}
