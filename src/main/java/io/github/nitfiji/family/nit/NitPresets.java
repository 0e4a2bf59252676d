package io.github.nitfiji.family.nit;

import io.github.nitfiji.catalog.CardPreset;
import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.pipeline.ModelFamilies;
import io.github.nitfiji.sampling.PresetTable;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The presets a model runs, from its card. A card without a {@code fast} entry or without
 * evaluated ({@code paper-...}) entries borrows them from the default model's card (NiT-XL): the
 * bundled smoke-test model and weights files named directly have none of their own.
 */
public final class NitPresets {
    private NitPresets() {
    }

    /** The table for {@code card} (null: weights files without a card) from {@code catalog}. */
    public static PresetTable of(ModelCard card, ModelCatalog catalog) throws ModelException {
        List<PresetTable.Entry> entries = new ArrayList<>();
        if (card != null) {
            add(entries, card);
        }
        boolean hasFast = entries.stream().anyMatch(e -> e.name.equals(PresetTable.FAST));
        boolean hasPaper = entries.stream().anyMatch(e -> e.name.startsWith(PresetTable.PAPER_PREFIX));
        if (!hasFast || !hasPaper) {
            List<PresetTable.Entry> fallback = new ArrayList<>();
            add(fallback, catalog.require(ModelFamilies.DEFAULT_MODEL));
            for (PresetTable.Entry e : fallback) {
                boolean fast = e.name.equals(PresetTable.FAST);
                if (fast ? !hasFast : !hasPaper && e.name.startsWith(PresetTable.PAPER_PREFIX)) {
                    entries.add(e);
                }
            }
        }
        return new PresetTable(entries);
    }

    /** The table of model {@code id} (null: the default model) in {@code catalog}. */
    public static PresetTable of(String id, ModelCatalog catalog) throws ModelException {
        return of(catalog.require(id != null ? id : ModelFamilies.DEFAULT_MODEL), catalog);
    }

    private static void add(List<PresetTable.Entry> entries, ModelCard card) {
        for (CardPreset p : card.presets()) {
            SamplerSettings settings = new SamplerSettings(SamplerKind.parse(p.sampler()), p.steps(), p.cfgScale(),
                    p.guidanceLow(), p.guidanceHigh());
            entries.add(new PresetTable.Entry(p.name(), card.id() + " card", p.width().orElse(null),
                    p.height().orElse(null), settings));
        }
    }
}
