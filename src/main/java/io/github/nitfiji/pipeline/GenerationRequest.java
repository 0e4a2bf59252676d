package io.github.nitfiji.pipeline;

import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.transformer.Rope2d;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import io.github.nitfiji.sampling.TransitionSettings;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * What to generate: one image per class, all of one latent size, with one sampler setting.
 * Every front door (CLI, ImageJ, SciJava) builds one of these, so validation lives here once.
 *
 * <p>Image i is drawn from seed {@code seed + i}, so an image depends on its own seed only, not on
 * the rest of the batch. Noise may instead be supplied (e.g. recorded from the official code).
 */
public final class GenerationRequest {
    /** The class index meaning "no class" in the released models (unconditional generation). */
    public static final int NULL_CLASS = 1000;
    public static final int MAX_IMAGES = 256;
    /** Output sides in pixels: the smallest is one latent pixel, the largest a 256-latent grid. */
    public static final int MIN_SIDE_PX = 32;
    public static final int MAX_SIDE_PX = 8192;
    /** Image pixels per latent pixel (DC-AE f32). */
    public static final int PIXELS_PER_LATENT = 32;
    /** Image-to-image strength when none is given, and when refining to a larger size. */
    public static final double DEFAULT_STRENGTH = 0.6;
    public static final double DEFAULT_REFINE_STRENGTH = 0.4;

    private final int[] classes;
    private final LatentSize latentSize;
    private final int width;
    private final int height;
    private final SamplerSettings sampler;
    private final long seed;
    private final float[] noise;
    private final float[] sdeDraws;
    private final SourceImage source;
    private final double strength;
    private final TransitionSettings transition;
    private final String caption;

    private GenerationRequest(Builder b) {
        this.classes = b.classes.clone();
        this.latentSize = b.latentSize;
        this.width = b.width;
        this.height = b.height;
        this.sampler = b.sampler;
        this.seed = b.seed != null ? b.seed : randomSeed();
        this.noise = b.noise;
        this.sdeDraws = b.sdeDraws;
        this.source = b.startImage;
        this.strength = b.strength;
        this.transition = b.transition;
        this.caption = b.caption;
    }

    /** A random seed a person can read and type, and that macro numbers (doubles) hold exactly. */
    public static long randomSeed() {
        return new SecureRandom().nextInt(Integer.MAX_VALUE);
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

    /**
     * NiT's sampler settings. For a TiM request they carry the transition sampler's steps, CFG and
     * guidance interval (what progress and provenance count); {@link #transition()} is what runs.
     */
    public SamplerSettings sampler() {
        return sampler;
    }

    /** TiM's transition sampler settings, or null for NiT. */
    public TransitionSettings transition() {
        return transition;
    }

    /** The text of a text-to-image request (every image gets it), or null for class models. */
    public String caption() {
        return caption;
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

    /** Supplied SDE draws [(steps - 1) * images * h * w * channels], or null to draw them from the seeds. */
    public float[] suppliedSdeDraws() {
        return sdeDraws;
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

    /** Sampling steps that run: all of them from noise, {@link SamplerSettings#stepsFrom} from a source. */
    public int stepsRun() {
        return source == null ? sampler.steps : sampler.stepsFrom(strength);
    }

    /** Collects and validates the parameters of a request. */
    public static final class Builder {
        private int[] classes;
        private LatentSize latentSize;
        private int width;
        private int height;
        private SamplerSettings sampler;
        private Long seed;
        private float[] noise;
        private float[] sdeDraws;
        private SourceImage source;
        private SourceImage startImage;
        private Double strengthGiven;
        private double strength = 1;
        private int refineWidth;
        private int refineHeight;
        private TransitionSettings transition;
        private String caption;

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

        public Builder sampler(SamplerSettings settings) {
            this.sampler = settings;
            return this;
        }

        /** Seed of the first image; null or negative means choose one at random. */
        public Builder seed(Long seed) {
            this.seed = seed == null || seed < 0 ? null : seed;
            return this;
        }

        /** Run TiM's transition sampler with these settings (the NiT sampler settings mirror them). */
        public Builder transition(TransitionSettings settings) {
            this.transition = settings;
            this.sampler = new SamplerSettings(SamplerKind.ODE, settings.steps,
                    settings.cfgScale, settings.guidanceLow, settings.guidanceHigh);
            return this;
        }

        /** The caption of a text-to-image request; the classes are then the null class. */
        public Builder caption(String text) {
            this.caption = text;
            return this;
        }

        public Builder noise(float[] noise) {
            this.noise = noise;
            return this;
        }

        public Builder sdeDraws(float[] draws) {
            this.sdeDraws = draws;
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
                if (c < 0 || c > NULL_CLASS) {
                    throw new IllegalArgumentException("class " + c + " is outside 0.." + NULL_CLASS
                            + " (0..999 are the ImageNet classes, " + NULL_CLASS + " = unconditional)");
                }
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
            if (sampler == null) {
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
        return (caption != null ? classes.length + " x \"" + caption + "\"" : "classes " + Arrays.toString(classes))
                + ", " + width + " x " + height + " px (latent " + latentSize + "), "
                + (transition != null ? transition : sampler) + ", seed " + seed
                + (source == null ? "" : ", from '" + source.title + "' at strength " + strength);
    }
}
