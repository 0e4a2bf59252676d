package io.github.nitfiji.sampling;

import ai.djl.ndarray.NDArray;

/**
 * Where sampling starts on NiT's flow path x_t = (1 - t) x0 + t noise (t = 1 is noise): at time
 * {@code time} from the source latents x0 (image-to-image), or at t = 1 from noise alone.
 *
 * <p>With a {@code keep} mask, the tokens it marks are not regenerated: after every step they are
 * reset to the source's own path at the step's end time, so they arrive at x0 exactly.
 */
public final class SamplingStart {
    /** Text-to-image: pure noise at t = 1. */
    public static final SamplingStart NOISE = new SamplingStart(1.0, null, null);

    public final double time;
    /** Source latents x0 [N, channels] float32 on the model's device (scaled), or null. */
    public final NDArray source;
    /** Per token of the batch: true to keep the source (reset to its path), or null to regenerate all. */
    private final boolean[] keep;

    private SamplingStart(double time, NDArray source, boolean[] keep) {
        this.time = time;
        this.source = source;
        this.keep = keep;
    }

    /**
     * @param time the start time s in [0, 1] (the strength)
     * @param source x0 [N, channels]; not closed by the sampler
     * @param keep per token, true where the source is kept; null to regenerate every token
     */
    public static SamplingStart fromSource(double time, NDArray source, boolean[] keep) {
        if (!(time >= 0 && time <= 1)) {
            throw new IllegalArgumentException("strength " + time + " is outside 0..1 (0 keeps the image, 1 starts"
                    + " from pure noise)");
        }
        if (source == null) {
            throw new IllegalArgumentException("image-to-image needs the source latents");
        }
        if (keep != null && keep.length != source.getShape().get(0)) {
            throw new IllegalArgumentException("mask covers " + keep.length + " tokens but the source has "
                    + source.getShape().get(0));
        }
        return new SamplingStart(time, source, keep == null ? null : keep.clone());
    }

    /** The per-token keep mask (a copy), or null. */
    public boolean[] keep() {
        return keep == null ? null : keep.clone();
    }
}
