package io.github.nitfiji.pipeline;

import io.github.nitfiji.model.LatentSize;

/** Sampled latents of a request: [images * h * w, channels] float32, images concatenated, tokens row-major. */
public final class LatentBatch {
    public final float[] values;
    public final LatentSize size;
    public final int channels;
    public final int[] classes;
    public final long[] seeds;

    public LatentBatch(float[] values, LatentSize size, int channels, int[] classes, long[] seeds) {
        this.values = values;
        this.size = size;
        this.channels = channels;
        this.classes = classes;
        this.seeds = seeds;
    }

    public int images() {
        return classes.length;
    }
}
