package io.github.nitfiji.family.tim;

import io.github.nitfiji.catalog.CardPreset;
import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.pipeline.GenerationSpec;
import io.github.nitfiji.pipeline.ModelFamily;
import io.github.nitfiji.pipeline.ModelSelection;
import io.github.nitfiji.pipeline.PresetChoice;
import io.github.nitfiji.sampling.Preset;
import io.github.nitfiji.sampling.SamplingSettings;
import io.github.nitfiji.sampling.TransitionMode;
import io.github.nitfiji.sampling.TransitionSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the TiM families share: the transition sampler's presets from the card (its {@code best}
 * entry is its paper-quality setting, so {@code paper} runs it too: one preset name means "the
 * published quality" for every model), and its custom settings (mode and stochasticity).
 */
abstract class TimFamilyBase implements ModelFamily {
    @Override
    public List<String> presetSamplers() {
        return List.of("transition", "ddiffusion");
    }

    @Override
    public boolean presetsTakeStochasticity() {
        return true;
    }

    /** The card whose presets files named directly borrow (they have no card of their own). */
    abstract String presetCard();

    @Override
    public List<Preset> presets(ModelCard card) {
        List<Preset> presets = new ArrayList<>();
        for (Preset p : Preset.values()) {
            if (p == Preset.CUSTOM || card == null || card.preset(name(p)).isPresent()) {
                presets.add(p);
            }
        }
        return presets;
    }

    @Override
    public PresetChoice preset(Preset preset, ModelSelection model, ModelCatalog catalog, int width, int height)
            throws ModelException {
        ModelCard card = model.card != null ? model.card : catalog.require(presetCard());
        String name = name(preset);
        Optional<CardPreset> entry = card.preset(name);
        if (entry.isEmpty()) {
            throw new IllegalArgumentException("model " + card.id() + "'s card lists no " + name + " settings; it has "
                    + card.presets().stream().map(CardPreset::name).collect(Collectors.joining(", "))
                    + " (or custom)");
        }
        CardPreset p = entry.get();
        return new PresetChoice(name + " (" + card.id() + " card)", new TransitionSettings(p.steps(), p.cfgScale(),
                p.guidanceLow(), p.guidanceHigh(), TransitionMode.parse(p.sampler()), p.stochasticity()));
    }

    private static String name(Preset preset) {
        return preset == Preset.PAPER ? Preset.BEST.id() : preset.id();
    }

    @Override
    public SamplingSettings custom(GenerationSpec spec, SamplingSettings base) {
        TransitionSettings fast = (TransitionSettings) base;
        return new TransitionSettings(or(spec.steps(), fast.steps), or(spec.cfg(), fast.cfgScale),
                or(spec.guidanceLow(), fast.guidanceLow), or(spec.guidanceHigh(), fast.guidanceHigh),
                or(spec.timMode(), fast.mode), or(spec.stochasticity(), fast.stochasticity));
    }

    private static <T> T or(T given, T base) {
        return given != null ? given : base;
    }
}
