package io.github.nitfiji.ij;

import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.catalog.ModelKind;
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

    /** Advice when a TiM model is installed beside others (or alone); empty without one. */
    static Optional<String> speedAdvice(List<String> installed, ModelCatalog catalog) {
        List<String> tims = new ArrayList<>();
        String nit = null;
        for (String id : installed) {
            ModelKind kind = catalog.find(id).map(ModelCard::kind).orElse(ModelKind.NIT);
            if (kind == ModelKind.NIT) {
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

    /** A notice (with a leading separator) when a class TiM runs outside its trained size; else "". */
    static String sizeNotice(ModelCard card, int width, int height) {
        if (card.kind() != ModelKind.TIM_C2I || !card.config().has("input_size")) {
            return "";
        }
        int side = card.config().get("input_size").getAsInt() * 32;
        return side == width && side == height ? ""
                : "; trained at " + side + " x " + side + ", this size is outside it";
    }
}
