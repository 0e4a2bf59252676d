package io.github.nitfiji.pipeline;

import io.github.nitfiji.catalog.CardPreset;
import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.sampling.Preset;
import io.github.nitfiji.sampling.TransitionMode;
import io.github.nitfiji.sampling.TransitionSettings;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The presets of a TiM card (e.g. quick, fast, best) as transition sampler settings. A TiM card's
 * {@code best} entry is its paper-quality setting, so {@code paper} runs it too: one preset name
 * means "the published quality" for every model.
 */
public final class TimPresets {
    private TimPresets() {
    }

    /** The card's entry for {@code preset} (not custom), or an error naming the presets it has. */
    static Chosen choose(ModelCard card, Preset preset, GenerationSpec spec) {
        try {
            return new Chosen(name(preset) + " (" + card.id() + " card)", settings(card, preset));
        } catch (IllegalArgumentException e) {
            throw spec.invalid(Setting.PRESET, preset.id() + ": " + e.getMessage());
        }
    }

    /**
     * The settings of {@code preset} (not custom) on a TiM card.
     *
     * @throws IllegalArgumentException naming the presets the card has, when it lacks this one
     */
    public static TransitionSettings settings(ModelCard card, Preset preset) {
        String name = name(preset);
        Optional<CardPreset> entry = card.preset(name);
        if (entry.isEmpty()) {
            throw new IllegalArgumentException("model " + card.id() + "'s card lists no " + name + " settings; it has "
                    + card.presets().stream().map(CardPreset::name).collect(Collectors.joining(", "))
                    + " (or custom)");
        }
        CardPreset p = entry.get();
        return new TransitionSettings(p.steps(), p.cfgScale(), p.guidanceLow(), p.guidanceHigh(),
                TransitionMode.parse(p.sampler()), p.stochasticity());
    }

    private static String name(Preset preset) {
        return preset == Preset.PAPER ? Preset.BEST.id() : preset.id();
    }

    /** A preset's name (with the card it comes from) and its settings. */
    static final class Chosen {
        final String name;
        final TransitionSettings settings;

        Chosen(String name, TransitionSettings settings) {
            this.name = name;
            this.settings = settings;
        }
    }
}
