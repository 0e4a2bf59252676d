package io.github.nitfiji.pipeline;

/**
 * Where image-to-image sampling starts: the encoded source x0 of every image (tokens row-major,
 * images concatenated), the time s = strength the sampler starts at, and which latent tokens are
 * kept from the source (a selection), or null to regenerate all of them.
 */
public final class ImageStart {
    public final float[] x0;
    public final double strength;
    public final boolean[] kept;

    ImageStart(float[] x0, double strength, boolean[] kept) {
        this.x0 = x0;
        this.strength = strength;
        this.kept = kept;
    }
}
