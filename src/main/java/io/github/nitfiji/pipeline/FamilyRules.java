package io.github.nitfiji.pipeline;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses, before any model loads, a setting the chosen model's family does not take (the
 * sampler's own keys, a start image, step noise, class indices for a text model), naming the
 * setting as the front door spells it and the families that take it; then the family's own checks.
 */
final class FamilyRules {
    /** Settings only some families take; every other setting every family takes. */
    static final Set<Setting> FAMILY_SPECIFIC = EnumSet.of(Setting.SAMPLER, Setting.TIM_MODE, Setting.STOCHASTICITY,
            Setting.SOURCE, Setting.SDE_NOISE, Setting.CLASSES, Setting.UNICODE_ESCAPE);

    private FamilyRules() {
    }

    static void check(GenerationSpec spec, ModelSelection model) {
        ModelFamily family = model.family;
        for (Setting setting : spec.given()) {
            if (!family.accepts(setting)) {
                throw spec.invalid(setting, "goes with " + takers(setting, family) + "; " + model.describe() + " is a "
                        + (family.readsText() ? "text" : family.displayName()) + " model" + advice(setting, spec));
            }
        }
        family.check(spec, model);
    }

    private static String takers(Setting setting, ModelFamily refusing) {
        if (setting == Setting.CLASSES) {
            return "class models";
        }
        List<String> names = ModelFamilies.all().stream().filter(f -> f.takes(setting))
                .map(ModelFamily::displayName).collect(Collectors.toList());
        return "a " + String.join(" or ", names) + " model";
    }

    private static String advice(Setting setting, GenerationSpec spec) {
        return setting == Setting.CLASSES ? ": give the text in " + spec.names().of(Setting.PROMPT) : "";
    }

}
