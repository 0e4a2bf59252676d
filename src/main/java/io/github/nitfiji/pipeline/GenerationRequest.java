package io.github.nitfiji.pipeline;

import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.transformer.Rope2d;
import io.github.nitfiji.sampling.RequestNoise;
import io.github.nitfiji.sampling.SamplingSettings;
import io.github.nitfiji.source.SourceImage;
import java.util.Arrays;

/**
 * What to generate: one image per class (or per caption, for a text model), all of one latent
 * size, with one sampler setting. The service builds it from a checked spec and the model's
 * family; the family's stage runs it.
 *
 * <p>Image i is drawn from seed {@code seed + i}, so an image depends on its own seed only, not on
 * the rest of the batch ({@link RequestNoise}). Noise may instead be supplied (e.g. recorded from
 * the official code).
 */
public final class GenerationRequest {
    /** The class index meaning "no class" in the released models (unconditional generation). */
    public static final int NULL_CLASS = 1000;
    public static final int MAX_IMAGES = 256;
    /** Output sides in pixels: the smallest is one latent pixel, the largest a 256-latent grid. */
    public static final int MIN_SIDE_PX = LatentSize.MIN_SIDE_PX;
    public static final int MAX_SIDE_PX = LatentSize.MAX_SIDE_PX;
    /** Image pixels per latent pixel (DC-AE f32). */
    public static final int PIXELS_PER_LATENT = LatentSize.PIXELS_PER_LATENT;
    /** Image-to-image strength when none is given, and when refining to a larger size. */
    public static final double DEFAULT_STRENGTH = 0.6;
    public static final double DEFAULT_REFINE_STRENGTH = 0.4;

    private final int[] classes;
    private final LatentSize latentSize;
    private final int width;
    private final int height;
    private final SamplingSettings sampling;
    private final long seed;
    private final float[] noise;
    private final float[] stepNoise;
    private final SourceImage source;
    private final double strength;
    private final String[] captions;
    private final boolean escapeCaptions;

    private GenerationRequest(Builder b) {
        this.classes = b.classes.clone();
        this.latentSize = b.latentSize;
        this.width = b.width;
        this.height = b.height;
        this.sampling = b.sampling;
        this.seed = b.seed != null ? b.seed : RequestNoise.randomSeed();
        this.noise = b.noise;
        this.stepNoise = b.stepNoise;
        this.source = b.startImage;
        this.strength = b.strength;
        this.captions = b.captions == null ? null : b.captions.clone();
        this.escapeCaptions = b.escapeCaptions;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int[] classes() {
        return classes.clone();
    }

    public int images() {
        return classes.length;
    }

    public LatentSize latentSize() {
        return latentSize;
    }

    /** Output width in pixels: as requested, or 32 x the latent width. */
    public int width() {
        return width;
    }

    /** Output height in pixels: as requested, or 32 x the latent height. */
    public int height() {
        return height;
    }

    /** The sampler's settings (the family's own kind: its stage knows which). */
    public SamplingSettings sampling() {
        return sampling;
    }

    /** The text of each image of a text-to-image request, or null for class models. */
    public String[] captions() {
        return captions == null ? null : captions.clone();
    }

    /** Whether captions get TiM's training-time unicode escape. */
    public boolean escapeCaptions() {
        return escapeCaptions;
    }

    /** The first image's seed (chosen at random when none was given, and recorded). */
    public long seed() {
        return seed;
    }

    public long seedOf(int image) {
        return seed + image;
    }

    /** Supplied initial noise [images * h * w * channels], or null to draw it from the seeds. */
    public float[] suppliedNoise() {
        return noise;
    }

    /** Supplied step noise [blocks * images * h * w * channels], or null to draw it from the seeds. */
    public float[] suppliedStepNoise() {
        return stepNoise;
    }

    /**
     * The image to start from, already at the output size (resampled when refining), or null to
     * start from noise.
     */
    public SourceImage source() {
        return source;
    }

    /**
     * Image-to-image strength s in [0, 1]: sampling starts at t = s on the flow path, 1 is pure
     * noise (text-to-image), 0 returns decode(encode(source)). 1 without a source.
     */
    public double strength() {
        return strength;
    }

    /** Sampling steps that run: all of them from noise, {@link SamplingSettings#stepsFrom} from a source. */
    public int stepsRun() {
        return source == null ? sampling.steps() : sampling.stepsFrom(strength);
    }

    /** Collects and validates the parameters of a request. */
    public static final class Builder {
        private int[] classes;
        private LatentSize latentSize;
        private int width;
        private int height;
        private SamplingSettings sampling;
        private Long seed;
        private float[] noise;
        private float[] stepNoise;
        private SourceImage source;
        private SourceImage startImage;
        private Double strengthGiven;
        private double strength = 1;
        private int refineWidth;
        private int refineHeight;
        private String[] captions;
        private boolean escapeCaptions = true;

        public Builder classes(int... classes) {
            this.classes = classes.clone();
            return this;
        }

        /** The latent grid; the output is then 32 x its sides. */
        public Builder latentSize(LatentSize size) {
            this.latentSize = size;
            this.width = 0;
            this.height = 0;
            return this;
        }

        /**
         * The exact output size in pixels. The latent grid covers it (ceil(W/32) x ceil(H/32))
         * and the decoded image is cropped to W x H around its centre.
         */
        public Builder imageSize(int width, int height) {
            checkPixels("width", width);
            checkPixels("height", height);
            this.width = width;
            this.height = height;
            this.latentSize = new LatentSize(ceilDiv(height), ceilDiv(width));
            return this;
        }

        private static int ceilDiv(int pixels) {
            return (pixels + PIXELS_PER_LATENT - 1) / PIXELS_PER_LATENT;
        }

        private static void checkPixels(String name, int pixels) {
            if (pixels < MIN_SIDE_PX || pixels > MAX_SIDE_PX) {
                throw new IllegalArgumentException("image " + name + " " + pixels + " px is outside " + MIN_SIDE_PX
                        + ".." + MAX_SIDE_PX + " px");
            }
        }

        public Builder sampling(SamplingSettings settings) {
            this.sampling = settings;
            return this;
        }

        /** Seed of the first image; null or negative means choose one at random. */
        public Builder seed(Long seed) {
            this.seed = seed == null || seed < 0 ? null : seed;
            return this;
        }

        /** The text of each image (a text-to-image request; the classes are then the null class). */
        public Builder captions(String[] texts, boolean escape) {
            this.captions = texts == null ? null : texts.clone();
            this.escapeCaptions = escape;
            return this;
        }

        public Builder noise(float[] noise) {
            this.noise = noise;
            return this;
        }

        public Builder stepNoise(float[] draws) {
            this.stepNoise = draws;
            return this;
        }

        /**
         * Start from this image (image-to-image, variations, a selection to regenerate); the
         * output has its size, or the refine size. Null starts from noise.
         */
        public Builder source(SourceImage source) {
            this.source = source;
            return this;
        }

        /** Image-to-image strength in [0, 1]; null for the default (0.6, or 0.4 when refining). */
        public Builder strength(Double strength) {
            this.strengthGiven = strength;
            return this;
        }

        /** Refine the source to a larger (or other) size: resample it to w x h, then start from it. */
        public Builder refineTo(int width, int height) {
            checkPixels("refine width", width);
            checkPixels("refine height", height);
            this.refineWidth = width;
            this.refineHeight = height;
            return this;
        }

        private void applySource() {
            startImage = null;
            if (source == null) {
                if (strengthGiven != null || refineWidth > 0) {
                    throw new IllegalArgumentException("a strength or a refine size needs an image to start from;"
                            + " give a source image");
                }
                return;
            }
            double s = strengthGiven != null ? strengthGiven
                    : refineWidth > 0 ? DEFAULT_REFINE_STRENGTH : DEFAULT_STRENGTH;
            if (!(s >= 0 && s <= 1)) {
                throw new IllegalArgumentException("strength " + s + " is outside 0..1 (0 keeps the image, 1 starts"
                        + " from pure noise)");
            }
            SourceImage start = refineWidth > 0 ? source.resizedTo(refineWidth, refineHeight) : source;
            if (latentSize != null && (width != start.width || height != start.height)) {
                throw new IllegalArgumentException("the output size " + width + " x " + height + " differs from the"
                        + " source's " + start.width + " x " + start.height + "; image-to-image keeps the source's"
                        + " size (use refine to change it)");
            }
            imageSize(start.width, start.height);
            startImage = start;
            strength = s;
        }

        public GenerationRequest build() {
            applySource();
            if (classes == null || classes.length == 0) {
                throw new IllegalArgumentException("no class given; name at least one ImageNet class (0..999, "
                        + NULL_CLASS + " = unconditional)");
            }
            if (classes.length > MAX_IMAGES) {
                throw new IllegalArgumentException(classes.length + " images requested; at most " + MAX_IMAGES + " per request");
            }
            for (int c : classes) {
                if (c < 0) {
                    throw new IllegalArgumentException("class " + c + " is negative (0..999 are the ImageNet classes, "
                            + NULL_CLASS + " = unconditional)");
                }
            }
            if (captions != null && captions.length != classes.length) {
                throw new IllegalArgumentException(captions.length + " captions for " + classes.length + " images");
            }
            if (latentSize == null) {
                throw new IllegalArgumentException("no size given");
            }
            checkSide("height", latentSize.height);
            checkSide("width", latentSize.width);
            if (width == 0) {
                width = latentSize.width * PIXELS_PER_LATENT;
                height = latentSize.height * PIXELS_PER_LATENT;
            }
            if (sampling == null) {
                throw new IllegalArgumentException("no sampler settings given");
            }
            return new GenerationRequest(this);
        }

        private static void checkSide(String name, int side) {
            if (side < 1 || side > Rope2d.MAX_SIDE) {
                throw new IllegalArgumentException("latent " + name + " " + side + " is outside 1.." + Rope2d.MAX_SIDE
                        + " (NiT's position table covers " + Rope2d.MAX_SIDE + " latent pixels = "
                        + 32 * Rope2d.MAX_SIDE + " image pixels per side)");
            }
        }
    }

    @Override
    public String toString() {
        return (captions != null ? classes.length + " caption(s)" : "classes " + Arrays.toString(classes))
                + ", " + width + " x " + height + " px (latent " + latentSize + "), " + sampling + ", seed " + seed
                + (source == null ? "" : ", from '" + source.title + "' at strength " + strength);
    }
}
