package io.github.nitfiji.fiji.ij;

import io.github.nitfiji.catalog.ModelCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the generate dialog tells about the installed models: which one is fast (TiM, a few
 * steps) and which gives paper quality (NiT with its paper preset, 50+ steps, or TiM's best), and
 * when a class TiM runs outside the size it was trained at.
 */
final class ModelGuide {
    private ModelGuide() {
    }

    /**
     * Advice when a few-step model (one whose card has a {@code quick} preset: TiM) is installed
     * beside others (or alone); empty without one.
     */
    static Optional<String> speedAdvice(List<String> installed, ModelCatalog catalog) {
        List<String> tims = new ArrayList<>();
        String nit = null;
        for (String id : installed) {
            boolean fewStep = catalog.find(id).map(card -> card.preset("quick").isPresent()).orElse(false);
            if (!fewStep) {
                nit = nit == null && !id.startsWith("smoke-test") ? id : nit;
            } else {
                tims.add(id);
            }
        }
        if (tims.isEmpty()) {
            return Optional.empty();
        }
        String tim = String.join(", ", tims);
        return Optional.of("Faster: " + tim + " (TiM, preset quick or fast: 1-4 steps, seconds on a CPU).\n"
                + "Paper quality: " + (nit != null ? nit + " with preset paper (50+ steps), or " : "") + tim
                + " with preset best (many steps, minutes).");
    }

}
