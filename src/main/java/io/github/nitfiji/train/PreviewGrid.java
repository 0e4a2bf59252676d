package io.github.nitfiji.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.io.AtomicFiles;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import io.github.nitfiji.model.nit.NitTransformer;
import io.github.nitfiji.sampling.Sampler;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import io.github.nitfiji.sampling.SamplingProgress;
import io.github.nitfiji.sampling.SeededNoise;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * One image per class from the weights as they are in training, in a row: the same seed per class
 * every time (so the user watches each subject appear), sampled with the project's sampler (Euler
 * ODE, CFG 3.0 on t in [0, 0.7], the null class as the unconditional branch) and decoded by the base
 * model's DC-AE, as a generation would be.
 */
final class PreviewGrid {
    private PreviewGrid() {
    }

    static void write(NitTransformer nit, DcAeDecoder decoder, int firstClassId, int classes, LatentSize size,
                      int steps, long seed, Path png) throws IOException {
        int channels = nit.config().inChannels;
        int n = size.tokens() * channels;
        float[] noise = new float[classes * n];
        int[] ids = new int[classes];
        for (int k = 0; k < classes; k++) {
            new SeededNoise(seed + k, SeededNoise.INITIAL).fill(noise, k * n, n);
            ids[k] = firstClassId + k;
        }
        int h = size.height * NativeResolution.UNIT;
        int w = size.width * NativeResolution.UNIT;
        BufferedImage grid = new BufferedImage(w * classes, h, BufferedImage.TYPE_INT_RGB);
        try (NDManager m = nit.newManager()) {
            NDArray x = m.create(noise, new Shape(classes * (long) size.tokens(), channels));
            List<LatentSize> sizes = new ArrayList<>(Collections.nCopies(classes, size));
            NDArray latents = new Sampler(nit).sample(sizes, ids, x, null,
                    new SamplerSettings(SamplerKind.ODE, steps, 3.0, 0.0, 0.7), SamplingProgress.NONE, () -> false);
            float[] all = latents.toFloatArray();
            double scaling = decoder.config().scalingFactor();
            for (int k = 0; k < classes; k++) {
                float[] chw = new float[n];
                for (int t = 0; t < size.tokens(); t++) {
                    for (int c = 0; c < channels; c++) {
                        chw[c * size.tokens() + t] = (float) (all[k * n + t * channels + c] / scaling);
                    }
                }
                NDArray z = m.create(chw, new Shape(1, channels, size.height, size.width));
                float[] rgb = decoder.decode(z, m).toFloatArray();
                paint(grid, rgb, k * w, w, h);
            }
        }
        AtomicFiles.write(png, file -> {
            if (!ImageIO.write(grid, "png", file.toFile())) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    /** The official conversion: trunc(clamp(255 (x + 1) / 2, 0, 255)). */
    private static void paint(BufferedImage grid, float[] rgb, int left, int w, int h) {
        int plane = w * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int r = level(rgb[i]);
                int g = level(rgb[plane + i]);
                int b = level(rgb[2 * plane + i]);
                grid.setRGB(left + x, y, (r << 16) | (g << 8) | b);
            }
        }
    }

    private static int level(float v) {
        return (int) Math.max(0, Math.min(255, 255 * (v + 1) / 2));
    }
}
