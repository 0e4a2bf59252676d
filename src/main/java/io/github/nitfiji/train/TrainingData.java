package io.github.nitfiji.train;

import io.github.nitfiji.model.LatentSize;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The cached latents of a run in memory, in the token layout the transformer takes ([h * w, C],
 * row-major), and the step batches built from them: a pack's images concatenated (a random one of
 * the image and its mirror image when flips are on), each with its class dropped to the null class
 * with the label-dropout probability, its log-normal t, and fresh Gaussian noise.
 */
final class TrainingData {
    final List<LatentSize> sizes = new ArrayList<>();
    final List<float[][]> variants = new ArrayList<>();
    final int[] classIds;
    final int channels;

    /** @param firstClassId the model's id of class index 0 (the null class + 1) */
    TrainingData(LatentCache cache, List<LatentCache.CachedEntry> entries, int firstClassId, int channels)
            throws IOException {
        this.channels = channels;
        classIds = new int[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            CachedLatent latent = entries.get(i).latent;
            LatentSize size = latent.latentSize();
            float[][] stored = cache.read(latent);
            float[][] tokens = new float[stored.length][];
            for (int v = 0; v < stored.length; v++) {
                tokens[v] = toTokens(stored[v], channels, size);
            }
            sizes.add(size);
            variants.add(tokens);
            classIds[i] = firstClassId + entries.get(i).classIndex;
        }
    }

    /** [C, h, w] to [h * w, C]. */
    static float[] toTokens(float[] chw, int channels, LatentSize size) {
        int n = size.tokens();
        if (chw.length != channels * n) {
            throw new IllegalArgumentException("a cached latent has " + chw.length + " values, expected " + channels
                    + " x " + size + "; the latent cache is damaged: delete it to encode again");
        }
        float[] out = new float[chw.length];
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < n; k++) {
                out[k * channels + c] = chw[c * n + k];
            }
        }
        return out;
    }

    int[] tokenCounts() {
        return sizes.stream().mapToInt(LatentSize::tokens).toArray();
    }

    /** The batch of one pack, with this step's draws. */
    PackedBatch batch(int[] pack, StepRandom random, double labelDropout, int nullClass) {
        List<LatentSize> packSizes = new ArrayList<>();
        double[] t = new double[pack.length];
        int[] labels = new int[pack.length];
        int total = 0;
        for (int image : pack) {
            total += sizes.get(image).tokens() * channels;
        }
        float[] x0 = new float[total];
        int at = 0;
        for (int i = 0; i < pack.length; i++) {
            float[][] choices = variants.get(pack[i]);
            float[] chosen = choices[choices.length == 1 ? 0 : random.below(choices.length)];
            System.arraycopy(chosen, 0, x0, at, chosen.length);
            at += chosen.length;
            packSizes.add(sizes.get(pack[i]));
            labels[i] = random.uniform() < labelDropout ? nullClass : classIds[pack[i]];
            t[i] = random.logNormalTime();
        }
        float[] noise = new float[total];
        for (int k = 0; k < total; k++) {
            noise[k] = (float) random.gaussian();
        }
        return new PackedBatch(x0, noise, packSizes, t, labels);
    }
}
