package io.github.nitfiji.pipeline;

import io.github.nitfiji.model.transformer.Rope2d;
import io.github.nitfiji.sampling.Preset;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The rules a {@link GenerationSpec} must follow, checked once when it is built. Each mistake
 * gives one message that starts with the setting's name as the front door spells it.
 */
final class SpecChecks {
    private final GenerationSpec.Builder b;

    private SpecChecks(GenerationSpec.Builder builder) {
        this.b = builder;
    }

    /** Checks (and completes: default size, trimmed prompt, resolved preset) the builder's settings. */
    static void check(GenerationSpec.Builder builder) {
        SpecChecks c = new SpecChecks(builder);
        c.checkClasses();
        c.checkSize();
        c.checkSeed();
        c.checkSampler();
        c.checkModel();
        c.checkBudget(Setting.MEMORY_BUDGET, builder.memoryBudgetMb);
        c.checkBudget(Setting.DECODE_BUDGET, builder.decodeBudgetMb);
        c.checkFile(Setting.NOISE, builder.noise);
        c.checkFile(Setting.SDE_NOISE, builder.sdeNoise);
        c.checkSource();
    }

    private InvalidSettingException invalid(Setting setting, String problem) {
        return new InvalidSettingException(setting, b.names.of(setting) + " " + problem);
    }

    private String n(Setting setting) {
        return b.names.of(setting);
    }

    private void checkClasses() {
        if ((b.prompt == null) == (b.classes == null)) {
            throw invalid(Setting.PROMPT, "or " + n(Setting.CLASSES) + ": give exactly one of them");
        }
        if (b.prompt != null && b.prompt.isBlank()) {
            throw invalid(Setting.PROMPT, "is empty; give an ImageNet class name (e.g. golden retriever), a "
                    + "class index 0-999 or a WordNet id (e.g. n02099601)");
        }
        if (b.prompt != null) {
            b.prompt = b.prompt.trim();
        }
        if (b.classes != null) {
            if (b.classes.length == 0) {
                throw invalid(Setting.CLASSES, "is empty; give at least one class index");
            }
            for (int c : b.classes) {
                if (c < 0 || c > GenerationRequest.NULL_CLASS) {
                    throw invalid(Setting.CLASSES, c + " is outside 0.." + GenerationRequest.NULL_CLASS
                            + " (0..999 are the ImageNet classes, " + GenerationRequest.NULL_CLASS
                            + " = unconditional)");
                }
            }
        }
        int perClass = b.classes == null ? 1 : b.classes.length;
        if (b.images < 1 || (long) b.images * perClass > GenerationRequest.MAX_IMAGES) {
            throw invalid(Setting.IMAGES, perClass == 1 || b.images < 1
                    ? "must be 1.." + GenerationRequest.MAX_IMAGES + ", found " + b.images
                    : b.images + " x " + perClass + " classes makes " + (long) b.images * perClass
                            + " images; at most " + GenerationRequest.MAX_IMAGES + " per request");
        }
    }

    private void checkSize() {
        if (b.source != null) {
            if (b.latentSize != null || b.width != null || b.height != null) {
                Setting given = b.latentSize != null ? Setting.LATENT_SIZE : b.width != null ? Setting.WIDTH
                        : Setting.HEIGHT;
                throw invalid(given, "goes with starting from noise: an image keeps its source's size (use "
                        + n(Setting.REFINE_TO) + " to change it)");
            }
            b.width = b.refineTo != null ? b.refineTo[0] : b.source.width;
            b.height = b.refineTo != null ? b.refineTo[1] : b.source.height;
            checkPixels(b.refineTo != null ? Setting.REFINE_TO : Setting.SOURCE, b.width);
            checkPixels(b.refineTo != null ? Setting.REFINE_TO : Setting.SOURCE, b.height);
            return;
        }
        if (b.latentSize != null) {
            if (b.width != null || b.height != null) {
                throw invalid(Setting.LATENT_SIZE, "or " + n(Setting.WIDTH) + " and " + n(Setting.HEIGHT)
                        + ": give the size one way, not both");
            }
            checkLatentSide(b.latentSize.height);
            checkLatentSide(b.latentSize.width);
            b.width = b.latentSize.width * GenerationRequest.PIXELS_PER_LATENT;
            b.height = b.latentSize.height * GenerationRequest.PIXELS_PER_LATENT;
            return;
        }
        b.width = b.width == null ? GenerationSpec.DEFAULT_SIDE : b.width;
        b.height = b.height == null ? GenerationSpec.DEFAULT_SIDE : b.height;
        checkPixels(Setting.WIDTH, b.width);
        checkPixels(Setting.HEIGHT, b.height);
    }

    private void checkSource() {
        if (b.source == null) {
            if (b.strength != null || b.refineTo != null) {
                throw invalid(b.strength != null ? Setting.STRENGTH : Setting.REFINE_TO, "needs an image to start"
                        + " from (" + n(Setting.SOURCE) + ")");
            }
            return;
        }
        if (b.strength != null && !(b.strength >= 0 && b.strength <= 1)) {
            throw invalid(Setting.STRENGTH, b.strength + " is outside 0..1 (0 keeps the image, 1 starts from"
                    + " pure noise)");
        }
        if (b.refineTo != null && b.source.hasSelection()) {
            throw invalid(Setting.REFINE_TO, "regenerates the whole image; remove the selection (or "
                    + n(Setting.MASK) + ") first");
        }
        if (b.noise != null || b.sdeNoise != null) {
            throw invalid(b.noise != null ? Setting.NOISE : Setting.SDE_NOISE, "goes with starting from noise,"
                    + " not from an image");
        }
    }

    private void checkLatentSide(int side) {
        if (side < 1 || side > Rope2d.MAX_SIDE) {
            throw invalid(Setting.LATENT_SIZE, b.latentSize + " is outside 1.." + Rope2d.MAX_SIDE
                    + " per side (NiT's position table covers " + Rope2d.MAX_SIDE + " latent pixels = "
                    + GenerationRequest.PIXELS_PER_LATENT * Rope2d.MAX_SIDE + " image pixels per side)");
        }
    }

    private void checkPixels(Setting setting, int pixels) {
        if (pixels < GenerationRequest.MIN_SIDE_PX || pixels > GenerationRequest.MAX_SIDE_PX) {
            throw invalid(setting, pixels + " px is outside " + GenerationRequest.MIN_SIDE_PX + ".."
                    + GenerationRequest.MAX_SIDE_PX + " px");
        }
    }

    private void checkSeed() {
        if (b.seed == null) {
            return;
        }
        if (b.seed < 0) {
            throw invalid(Setting.SEED, "must be 0 or more, found " + b.seed);
        }
        long last = b.images * (long) (b.classes == null ? 1 : b.classes.length) - 1;
        if (b.seed > Long.MAX_VALUE - last) {
            throw invalid(Setting.SEED, b.seed + " is too large: image i uses seed + i, so with " + (last + 1)
                    + " images the seed must be at most " + (Long.MAX_VALUE - last));
        }
    }

    private void checkSampler() {
        if (b.preset == null) {
            b.preset = b.customGiven ? Preset.CUSTOM : Preset.FAST;
        } else if (b.preset != Preset.CUSTOM && b.customGiven) {
            throw invalid(b.customSetting, "goes with " + n(Setting.PRESET) + " custom, not " + b.preset.id());
        }
        if (b.steps < 1 || b.steps > GenerationSpec.MAX_STEPS) {
            throw invalid(Setting.STEPS, "must be 1.." + GenerationSpec.MAX_STEPS + ", found " + b.steps);
        }
        if (!(b.cfg >= 1) || Double.isInfinite(b.cfg)) {
            throw invalid(Setting.CFG, "must be a finite number >= 1 (1 = no guidance), found " + b.cfg);
        }
        if (b.stochasticity != null && !(b.stochasticity >= 0 && b.stochasticity <= 1)) {
            throw invalid(Setting.STOCHASTICITY, "must be 0..1 (0 = deterministic), found " + b.stochasticity);
        }
        checkUnit(Setting.GUIDANCE_LOW, b.guidanceLow);
        checkUnit(Setting.GUIDANCE_HIGH, b.guidanceHigh);
        if (b.guidanceLow > b.guidanceHigh) {
            throw invalid(Setting.GUIDANCE_LOW, b.guidanceLow + " is above the high end " + b.guidanceHigh
                    + "; the guidance interval is low <= high");
        }
    }

    private void checkUnit(Setting setting, double t) {
        if (!(t >= 0 && t <= 1)) {
            throw invalid(setting, t + " is outside 0..1 (t = 1 is noise, 0 the image)");
        }
    }

    private void checkModel() {
        if (b.nitWeights == null) {
            if (b.nitConfig != null || b.aeWeights != null || b.aeConfig != null) {
                Setting given = b.nitConfig != null ? Setting.NIT_CONFIG
                        : b.aeWeights != null ? Setting.AE_WEIGHTS : Setting.AE_CONFIG;
                throw invalid(given, "goes with " + n(Setting.NIT_WEIGHTS));
            }
            return;
        }
        if (b.model != null) {
            throw invalid(Setting.MODEL, "or " + n(Setting.NIT_WEIGHTS) + ": give one of them, not both");
        }
        checkFile(Setting.NIT_WEIGHTS, b.nitWeights);
        checkFile(Setting.NIT_CONFIG, b.nitConfig);
        checkFile(Setting.AE_WEIGHTS, b.aeWeights);
        checkFile(Setting.AE_CONFIG, b.aeConfig);
        if (b.decode && b.aeWeights == null) {
            throw invalid(Setting.AE_WEIGHTS, "is needed to make images from " + n(Setting.NIT_WEIGHTS)
                    + " (or use " + n(Setting.MODEL) + ")");
        }
    }

    private void checkFile(Setting setting, Path file) {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw invalid(setting, file + " is a folder; give a file");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw invalid(setting, file + " is a FIFO or device, not a file; give a file");
        }
        if (!Files.isRegularFile(file)) {
            throw invalid(setting, file + ": no such file");
        }
        if (!Files.isReadable(file)) {
            throw invalid(setting, file + ": not readable");
        }
    }

    private void checkBudget(Setting setting, Long mb) {
        if (mb != null && mb < 1) {
            throw invalid(setting, "must be at least 1 MB, found " + mb);
        }
    }
}
