package io.github.nitfiji.train;

import io.github.nitfiji.model.LatentSize;
import java.util.List;

/**
 * One step's inputs, as the official trainer has them after drawing: the packed latents x0 and
 * noise [N, C] (images concatenated, each row-major), each image's latent size, its t and its class
 * (already dropped to the null class where label dropout hit).
 */
final class PackedBatch {
    final float[] x0;
    final float[] noise;
    final List<LatentSize> sizes;
    final double[] t;
    final int[] labels;

    PackedBatch(float[] x0, float[] noise, List<LatentSize> sizes, double[] t, int[] labels) {
        long tokens = 0;
        for (LatentSize s : sizes) {
            tokens += s.tokens();
        }
        if (t.length != sizes.size() || labels.length != sizes.size()) {
            throw new IllegalArgumentException(sizes.size() + " images but " + t.length + " times and "
                    + labels.length + " labels");
        }
        if (x0.length != noise.length || tokens == 0 || x0.length % tokens != 0) {
            throw new IllegalArgumentException("x0 has " + x0.length + " values and noise " + noise.length
                    + "; the images' " + tokens + " tokens need the same whole number of channels each");
        }
        this.x0 = x0;
        this.noise = noise;
        this.sizes = List.copyOf(sizes);
        this.t = t.clone();
        this.labels = labels.clone();
    }

    int tokens() {
        return x0.length / channels();
    }

    int channels() {
        long tokens = 0;
        for (LatentSize s : sizes) {
            tokens += s.tokens();
        }
        return (int) (x0.length / tokens);
    }
}
