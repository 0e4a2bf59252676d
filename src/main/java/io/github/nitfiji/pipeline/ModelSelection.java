package io.github.nitfiji.pipeline;

import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.io.OutputPaths;
import java.util.ArrayList;
import java.util.List;

/**
 * The model a generation runs: its family, its id and card (both null for files named directly),
 * the files it loads from, and the decoder (null for a latent-only run).
 */
public final class ModelSelection {
    public final ModelFamily family;
    public final String modelId;
    public final ModelCard card;
    public final ModelFiles files;
    public final DecoderFiles decoder;

    ModelSelection(ModelFamily family, String modelId, ModelCard card, ModelFiles files, DecoderFiles decoder) {
        this.family = family;
        this.modelId = modelId;
        this.card = card;
        this.files = files;
        this.decoder = decoder;
    }

    /** For messages and provenance: the model id, or the weights file name. */
    public String describe() {
        return modelId != null ? modelId : files.weights().getFileName().toString();
    }

    /** What identifies the loaded pipeline: the id, or the weights file's absolute path. */
    String cacheKey() {
        if (modelId != null) {
            boolean ownDecoder = decoder == null || card.decoder().map(decoder.id::equals).orElse(false);
            return ownDecoder ? modelId : modelId + " with " + decoder.id;
        }
        return files.weights().toAbsolutePath() + (decoder != null ? " + " + decoder.weights.toAbsolutePath() : "");
    }

    /** Every file the model and its decoder are read from: no output may overwrite one. */
    public List<OutputPaths.Named> inputs() {
        List<OutputPaths.Named> inputs = new ArrayList<>(files.inputs());
        if (decoder != null) {
            inputs.add(new OutputPaths.Named(decoder.label, decoder.weights));
        }
        return inputs;
    }
}
