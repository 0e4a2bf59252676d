package io.github.nitfiji.pipeline;

import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.transformer.Rope2d;
import io.github.nitfiji.sampling.Preset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The rules between settings, checked once when a {@link GenerationSpec} is built (each setting's
 * own range its parser checks). Each mistake gives one message that starts with the setting's name
 * as the front door spells it.
 */
final class SpecChecks {
    /** Files named directly instead of a model id, each with the setting it goes with. */
    private static final Map<Setting, Setting> COMPANIONS = Map.of(
            Setting.NIT_CONFIG, Setting.NIT_WEIGHTS,
            Setting.TIM_CONFIG, Setting.TIM_WEIGHTS,
            Setting.TEXT_ENCODER, Setting.TIM_WEIGHTS,
            Setting.TEXT_ENCODER_CONFIG, Setting.TEXT_ENCODER,
            Setting.TOKENIZER, Setting.TEXT_ENCODER,
            Setting.AE_CONFIG, Setting.AE_WEIGHTS);
    private static final List<Setting> FILES = List.of(Setting.NIT_WEIGHTS, Setting.NIT_CONFIG, Setting.TIM_WEIGHTS,
            Setting.TIM_CONFIG, Setting.TEXT_ENCODER, Setting.TEXT_ENCODER_CONFIG, Setting.TOKENIZER,
            Setting.AE_WEIGHTS, Setting.AE_CONFIG, Setting.NOISE, Setting.SDE_NOISE);

    private final SpecBuilder b;

    private SpecChecks(SpecBuilder builder) {
        this.b = builder;
    }

    static void check(SpecBuilder builder) {
        SpecChecks c = new SpecChecks(builder);
        c.checkWhat();
        c.checkSize();
        c.checkSeed();
        c.checkSampler();
        c.checkModel();
        c.checkSource();
    }

    private InvalidSettingException invalid(Setting setting, String problem) {
        return new InvalidSettingException(setting, b.names.of(setting) + " " + problem);
    }

    private String n(Setting setting) {
        return b.names.of(setting);
    }

    private boolean given(Setting setting) {
        return b.values.containsKey(setting);
    }

    private void checkWhat() {
        boolean classes = given(Setting.CLASSES);
        if ((b.prompts == null) == !classes) {
            throw invalid(Setting.PROMPT, "or " + n(Setting.CLASSES) + ": give exactly one of them");
        }
        if (b.prompts != null) {
            for (int i = 0; i < b.prompts.size(); i++) {
                String prompt = b.prompts.get(i);
                if (prompt == null || prompt.isBlank()) {
                    throw invalid(Setting.PROMPT, "is empty; give an ImageNet class name (e.g. golden retriever), a "
                            + "class index 0-999 or a WordNet id (e.g. n02099601); for a text model, the text");
                }
                b.prompts.set(i, prompt.trim());
            }
        }
        int perImage = classes ? ((int[]) b.values.get(Setting.CLASSES)).length : b.prompts.size();
        int images = (Integer) b.values.getOrDefault(Setting.IMAGES, 1);
        if ((long) images * perImage > GenerationRequest.MAX_IMAGES) {
            throw invalid(Setting.IMAGES, images + " x " + perImage + (classes ? " classes" : " prompts") + " makes "
                    + (long) images * perImage + " images; at most " + GenerationRequest.MAX_IMAGES + " per request");
        }
    }

    private void checkSize() {
        boolean pixels = given(Setting.WIDTH) || given(Setting.HEIGHT);
        if (b.source != null) {
            if (pixels || given(Setting.LATENT_SIZE)) {
                Setting s = given(Setting.LATENT_SIZE) ? Setting.LATENT_SIZE : given(Setting.WIDTH) ? Setting.WIDTH
                        : Setting.HEIGHT;
                throw invalid(s, "goes with starting from noise: an image keeps its source's size (use "
                        + n(Setting.REFINE_TO) + " to change it)");
            }
            if (!given(Setting.REFINE_TO)) {
                checkPixels(Setting.SOURCE, b.source.width);
                checkPixels(Setting.SOURCE, b.source.height);
            }
            return;
        }
        if (given(Setting.LATENT_SIZE)) {
            if (pixels) {
                throw invalid(Setting.LATENT_SIZE, "or " + n(Setting.WIDTH) + " and " + n(Setting.HEIGHT)
                        + ": give the size one way, not both");
            }
            LatentSize latent = (LatentSize) b.values.get(Setting.LATENT_SIZE);
            for (int side : new int[] {latent.height, latent.width}) {
                if (side < 1 || side > Rope2d.MAX_SIDE) {
                    throw invalid(Setting.LATENT_SIZE, latent + " is outside 1.." + Rope2d.MAX_SIDE + " per side (NiT's"
                            + " position table covers " + Rope2d.MAX_SIDE + " latent pixels = "
                            + GenerationRequest.PIXELS_PER_LATENT * Rope2d.MAX_SIDE + " image pixels per side)");
                }
            }
        }
    }

    private void checkPixels(Setting setting, int pixels) {
        if (pixels < GenerationRequest.MIN_SIDE_PX || pixels > GenerationRequest.MAX_SIDE_PX) {
            throw invalid(setting, pixels + " px is outside " + GenerationRequest.MIN_SIDE_PX + ".."
                    + GenerationRequest.MAX_SIDE_PX + " px");
        }
    }

    private void checkSeed() {
        Long seed = (Long) b.values.get(Setting.SEED);
        if (seed == null) {
            return;
        }
        int[] classes = (int[]) b.values.get(Setting.CLASSES);
        long total = (Integer) b.values.getOrDefault(Setting.IMAGES, 1)
                * (long) (classes != null ? classes.length : b.prompts.size());
        if (seed > Long.MAX_VALUE - (total - 1)) {
            throw invalid(Setting.SEED, seed + " is too large: image i uses seed + i, so with " + total
                    + " images the seed must be at most " + (Long.MAX_VALUE - (total - 1)));
        }
    }

    /** One rule in every front door: a sampler setting means custom, and beside a named preset it is an error. */
    private void checkSampler() {
        Preset preset = (Preset) b.values.get(Setting.PRESET);
        if (preset != null && preset != Preset.CUSTOM) {
            for (Setting s : Setting.CUSTOM_SAMPLING) {
                if (given(s)) {
                    throw invalid(s, "goes with " + n(Setting.PRESET) + " custom, not " + preset.id() + " (preset "
                            + preset.id() + " sets it from the model's card); leave it out, or set "
                            + n(Setting.PRESET) + " custom");
                }
            }
        }
        Double low = (Double) b.values.get(Setting.GUIDANCE_LOW);
        Double high = (Double) b.values.get(Setting.GUIDANCE_HIGH);
        if (low != null && high != null && low > high) {
            throw invalid(Setting.GUIDANCE_LOW, low + " is above the high end " + high
                    + "; the guidance interval is low <= high");
        }
    }

    /**
     * A model is named by id, or by files: one family's weights ({@code nit_weights} or
     * {@code tim_weights}) with their own companions, and the decoder's weights to make images.
     */
    private void checkModel() {
        boolean nit = given(Setting.NIT_WEIGHTS);
        boolean tim = given(Setting.TIM_WEIGHTS);
        if (nit && tim) {
            throw invalid(Setting.TIM_WEIGHTS, "or " + n(Setting.NIT_WEIGHTS) + ": give one model's weights");
        }
        for (Map.Entry<Setting, Setting> e : COMPANIONS.entrySet()) {
            if (given(e.getKey()) && !given(e.getValue())) {
                throw invalid(e.getKey(), "goes with " + n(e.getValue()));
            }
        }
        if (given(Setting.AE_WEIGHTS) && !nit && !tim) {
            throw invalid(Setting.AE_WEIGHTS, "goes with " + n(Setting.NIT_WEIGHTS) + " or " + n(Setting.TIM_WEIGHTS));
        }
        if (given(Setting.TEXT_ENCODER) && !given(Setting.TOKENIZER)) {
            throw invalid(Setting.TOKENIZER, "is needed with " + n(Setting.TEXT_ENCODER) + ": give Gemma's"
                    + " tokenizer.json");
        }
        for (Setting file : FILES) {
            checkFile(file, (Path) b.values.get(file));
        }
        if (given(Setting.MODELS_DIR) && Files.exists((Path) b.values.get(Setting.MODELS_DIR))
                && !Files.isDirectory((Path) b.values.get(Setting.MODELS_DIR))) {
            throw invalid(Setting.MODELS_DIR, b.values.get(Setting.MODELS_DIR) + " is a file, not a folder; give the"
                    + " models folder");
        }
        if (!nit && !tim) {
            return;
        }
        Setting weights = nit ? Setting.NIT_WEIGHTS : Setting.TIM_WEIGHTS;
        if (given(Setting.MODEL)) {
            throw invalid(Setting.MODEL, "or " + n(weights) + ": give one of them, not both");
        }
        if (given(Setting.DECODER)) {
            throw invalid(Setting.DECODER, "names a decoder model; with " + n(weights) + " give the decoder's file"
                    + " with " + n(Setting.AE_WEIGHTS));
        }
        if (b.decode && !given(Setting.AE_WEIGHTS)) {
            throw invalid(Setting.AE_WEIGHTS, "is needed to make images from " + n(weights)
                    + " (or use " + n(Setting.MODEL) + ")");
        }
    }

    private void checkSource() {
        if (b.source == null) {
            for (Setting s : new Setting[] {Setting.STRENGTH, Setting.REFINE_TO, Setting.MASK}) {
                if (given(s)) {
                    throw invalid(s, "needs an image to start from (" + n(Setting.SOURCE) + ")");
                }
            }
            if (b.values.get(Setting.OUTPUT) == ImageOutput.SOURCE) {
                throw invalid(Setting.OUTPUT, ImageOutput.SOURCE.id + " keeps the type of the image you start from,"
                        + " so it needs one (" + n(Setting.SOURCE) + "); from noise, use " + ImageOutput.RGB.id + " or "
                        + ImageOutput.FLOAT32.id);
            }
            return;
        }
        if (given(Setting.REFINE_TO) && b.source.hasSelection()) {
            throw invalid(Setting.REFINE_TO, "regenerates the whole image; remove the selection (or "
                    + n(Setting.MASK) + ") first");
        }
        if (given(Setting.NOISE) || given(Setting.SDE_NOISE)) {
            throw invalid(given(Setting.NOISE) ? Setting.NOISE : Setting.SDE_NOISE, "goes with starting from noise,"
                    + " not from an image");
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
}
