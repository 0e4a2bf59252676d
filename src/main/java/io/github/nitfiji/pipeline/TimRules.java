package io.github.nitfiji.pipeline;

import io.github.nitfiji.catalog.ModelKind;
import io.github.nitfiji.sampling.TransitionSettings;
import java.util.Map;
import java.util.Optional;

/**
 * What differs when the request's model is a TiM: the settings only TiM takes (and those it does
 * not), the sizes a text model accepts, the notice outside the trained size, and the provenance
 * keys naming the model kind and the transition sampler.
 */
final class TimRules {
    private static final int GRID = GenerationRequest.PIXELS_PER_LATENT;

    private TimRules() {
    }

    /** Refuses settings the chosen model cannot honour, naming the setting. */
    static void check(GenerationSpec spec, ModelChoice choice) {
        String model = choice.describe();
        if (choice.kind == ModelKind.NIT) {
            if (spec.timMode() != null || spec.stochasticity() != null) {
                throw spec.invalid(spec.timMode() != null ? Setting.TIM_MODE : Setting.STOCHASTICITY, "goes with a"
                        + " TiM model; " + model + " is a NiT model (its sampler is set with "
                        + spec.names().of(Setting.SAMPLER) + ")");
            }
            return;
        }
        if (spec.sampler() != GenerationSpec.DEFAULT_SAMPLER) {
            throw spec.invalid(Setting.SAMPLER, "goes with NiT models; " + model + " (TiM) runs its transition"
                    + " sampler, set with " + spec.names().of(Setting.TIM_MODE));
        }
        if (spec.source() != null) {
            throw spec.invalid(Setting.SOURCE, "is for NiT models: " + model + " (TiM) starts from noise only");
        }
        if (choice.textToImage == null) {
            return;
        }
        if (spec.classes() != null) {
            throw spec.invalid(Setting.CLASSES, "goes with class models; " + model + " is a text model: give the"
                    + " text in " + spec.names().of(Setting.PROMPT));
        }
        if (spec.stochasticity() != null && spec.stochasticity() > 0) {
            throw spec.invalid(Setting.STOCHASTICITY, "must be 0 for the text model " + model + " (its sampler"
                    + " runs without the stochastic term here)");
        }
        if (spec.sdeNoise() != null) {
            throw spec.invalid(Setting.SDE_NOISE, "goes with a stochastic sampler; " + model + " runs without one");
        }
        if (spec.latentSize() == null) { // a latent size is on the grid by definition
            checkGrid(spec, Setting.WIDTH, spec.width());
            checkGrid(spec, Setting.HEIGHT, spec.height());
        }
    }

    /** TiM-T2I was trained on sides that are multiples of 32 pixels (one DC-AE latent pixel each). */
    private static void checkGrid(GenerationSpec spec, Setting setting, int pixels) {
        if (pixels % GRID != 0) {
            int nearest = Math.max(GRID, Math.round(pixels / (float) GRID) * GRID);
            throw spec.invalid(setting, pixels + " px is not a multiple of " + GRID + ": the text model was"
                    + " trained on sides that are multiples of " + GRID + " (the decoder's grid); use " + nearest);
        }
    }

    /** The trained size in pixels (e.g. "512x512"), or null when the card does not say. */
    static String trainedSize(ModelChoice choice) {
        if (choice.timConfig == null || choice.timConfig.trainedLatentSide <= 0) {
            return null;
        }
        int side = choice.timConfig.trainedLatentSide * GRID;
        return side + "x" + side;
    }

    /** A notice when a class TiM runs outside the size it was trained at; empty otherwise. */
    static Optional<String> trainedSizeNotice(ModelChoice choice, int width, int height) {
        String trained = trainedSize(choice);
        if (trained == null || trained.equals(width + "x" + height)) {
            return Optional.empty();
        }
        return Optional.of(choice.describe() + " was trained at " + trained.replace("x", " x ") + " px; " + width
                + " x " + height + " px is outside it: it runs, but expect lower quality.");
    }

    /** The model kind for every image; for TiM the transition sampler, its text or trained size. */
    static void provenance(Map<String, String> p, ModelChoice choice, GenerationRequest request, GeneratedImage image) {
        p.put("nit.model_kind", choice.kind.jsonName());
        TransitionSettings t = request.transition();
        if (t == null) {
            return;
        }
        p.put("nit.sampler", "transition");
        p.put("nit.tim_mode", t.mode.id());
        p.put("nit.stochasticity", Double.toString(t.stochasticity));
        if (choice.textToImage != null) {
            p.put("nit.class", "");
            p.put("nit.class_name", "");
            p.put("nit.text_encoder", choice.textEncoderId);
        }
        String trained = trainedSize(choice);
        if (trained != null) {
            boolean inside = trained.equals(image.width + "x" + image.height);
            p.put("nit.trained_size", trained + (inside ? "" : " (this image is outside it)"));
        }
    }
}
