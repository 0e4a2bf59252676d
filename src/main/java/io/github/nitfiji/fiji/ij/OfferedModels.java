package io.github.nitfiji.fiji.ij;

import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.labels.ClassMatcher;
import io.github.nitfiji.pipeline.GenerationPreview;
import io.github.nitfiji.pipeline.ModelFamilies;
import io.github.nitfiji.pipeline.ModelFamily;
import java.util.HashMap;
import java.util.Map;

/**
 * What the dialog asks of the models it offers, each read once: the card, the family (which
 * presets and settings apply) and the classes its prompts may name. An unreadable card gives
 * nulls; the run's own check then says what is wrong.
 */
final class OfferedModels {
    private final ModelCatalog catalog;
    private final Map<String, ClassMatcher> classes = new HashMap<>();

    OfferedModels(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    ModelCard card(String id) {
        try {
            return catalog.require(id);
        } catch (ModelException e) {
            return null;
        }
    }

    ModelFamily family(String id) {
        ModelCard card = card(id);
        return card == null ? null : ModelFamilies.of(card.kind()).orElse(null);
    }

    /** The classes of model {@code id} (null for a text model or an unreadable card). */
    ClassMatcher classes(String id) {
        return classes.computeIfAbsent(id, model -> {
            try {
                return GenerationPreview.classes(model);
            } catch (ModelException | RuntimeException e) {
                return null;
            }
        });
    }

    ModelCatalog catalog() {
        return catalog;
    }
}
