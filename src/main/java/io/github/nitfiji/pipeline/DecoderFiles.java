package io.github.nitfiji.pipeline;

import io.github.nitfiji.model.dcae.DcAeConfig;
import java.nio.file.Path;

/** The decoder a generation decodes with: its id (null for a file named directly), weights and architecture. */
public final class DecoderFiles {
    public final String id;
    public final Path weights;
    /** The architecture, or null to read it from the weights' {@code __metadata__.config}. */
    public final DcAeConfig config;
    /** How a person knows the weights file (a setting, or "weights of decoder X"). */
    final String label;

    DecoderFiles(String id, Path weights, DcAeConfig config, String label) {
        this.id = id;
        this.weights = weights;
        this.config = config;
        this.label = label;
    }

    /** For messages and provenance: the id, or the weights file name. */
    public String describe() {
        return id != null ? id : String.valueOf(weights.getFileName());
    }
}
