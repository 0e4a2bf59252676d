package io.github.nitfiji.pipeline;

import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelKind;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.labels.ClassMatcher;
import io.github.nitfiji.sampling.Preset;
import io.github.nitfiji.sampling.SamplingSettings;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything the engine must know of one family of generating models (NiT, TiM-C2I, TiM-T2I, a
 * fine-tune): its cards ({@link ModelKind}), how its checkpoints are recognised, which settings
 * it takes, its presets, how it loads into a {@link SamplingStage}, and what it adds to
 * provenance. A family is one package and one line in
 * {@code META-INF/services/io.github.nitfiji.pipeline.ModelFamily} (and, for its cards, in
 * {@code ...catalog.ModelKind}); the engine and the front doors ask {@link ModelFamilies}, never a
 * concrete family.
 */
public interface ModelFamily extends ModelKind {
    @Override
    default Role role() {
        return Role.GENERATOR;
    }

    /** Whether a model of this family can be the base of a fine-tune ({@code train}). */
    default boolean fineTunable() {
        return false;
    }

    /** Whether its transformer's matrix products can run in bfloat16 where the CPU has the units. */
    default boolean bf16Transformer() {
        return false;
    }

    /** The family's name in messages, e.g. "NiT" or "TiM-C2I". */
    String displayName();

    /** What its checkpoints are, for messages: "a NiT checkpoint". */
    String checkpointDescription();

    /** Whether a checkpoint with these tensor names is this family's (keys only it has). */
    boolean recognises(Set<String> keys);

    /** The settings that name its files when they are given directly, the weights first. */
    List<Setting> fileSettings();

    /** Whether the files named directly in {@code spec} are this family's to load. */
    boolean claims(GenerationSpec spec);

    /**
     * Whether it takes {@code setting} among those only some families take (the sampler's keys, a
     * start image, step noise): a spec that gives one it does not take is refused, naming both.
     */
    boolean takes(Setting setting);

    /**
     * Whether a spec for this family may give {@code setting} at all: every setting all families
     * take, and those only some take when this one {@link #takes} it (a dialog shows no others).
     */
    default boolean accepts(Setting setting) {
        return !FamilyRules.FAMILY_SPECIFIC.contains(setting) || takes(setting);
    }

    /** Refuses what else this family cannot honour in {@code spec} (beyond {@link #takes}). */
    default void check(GenerationSpec spec, ModelSelection model) {
    }

    /** The presets a person can choose for {@code card} (null: files named directly). */
    List<Preset> presets(ModelCard card);

    /**
     * The settings of {@code preset} (not custom) for this model at {@code width} x {@code height},
     * with the name of the entry that gives them.
     *
     * @throws IllegalArgumentException naming the presets the model has, when it lacks this one
     */
    PresetChoice preset(Preset preset, ModelSelection model, ModelCatalog catalog, int width, int height)
            throws ModelException;

    /**
     * The custom settings of {@code spec}: the sampler settings it gives, and for the rest those of
     * {@code base}, the model's {@code fast} preset (so {@code steps=6} alone changes only the steps).
     */
    SamplingSettings custom(GenerationSpec spec, SamplingSettings base);

    /** The installed files of {@code card} (and of the cards it names). */
    ModelFiles files(ModelCard card, ModelStore store) throws ModelException;

    /** The files named directly in {@code spec}, checked to be this family's. */
    ModelFiles files(GenerationSpec spec) throws IOException;

    /** Loads the network onto the stage's device in its precision. */
    SamplingStage load(ModelSelection model, StageOptions options, Consumer<String> warn) throws IOException;

    /** The classes a prompt may name (class models; text models read the prompt as it is). */
    default ClassMatcher classes(ModelSelection model) {
        return ClassMatcher.standard();
    }

    /**
     * The highest class index the model takes: its null class for the released models (1000:
     * 0..999 are ImageNet's); a fine-tune's own classes come above it.
     */
    default int lastClass(ModelSelection model) {
        return GenerationRequest.NULL_CLASS;
    }

    /** The human-readable name of class {@code index} for this model ("unconditional" for the null class). */
    default String className(int index, ModelSelection model) {
        return GenerationService.className(index);
    }

    /** What the model's class indices are, for the message when one is out of range. */
    default String classRange(ModelSelection model) {
        return "0..999 are the ImageNet classes, " + GenerationRequest.NULL_CLASS + " = unconditional";
    }

    /** A notice when {@code width} x {@code height} is outside what the model was trained at. */
    default Optional<String> sizeNotice(ModelSelection model, int width, int height) {
        return Optional.empty();
    }

    /** The keys this family adds to an image's provenance (its kind, its text encoder, ...). */
    default void provenance(Map<String, String> p, ModelSelection model, GeneratedImage image) {
        p.put("nit.model_kind", jsonName());
    }
}
