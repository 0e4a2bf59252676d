package io.github.nitfiji.pipeline;

import com.google.gson.JsonObject;
import io.github.nitfiji.io.OutputPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files a generating model loads from, by role ({@link #WEIGHTS}, {@link #CONFIG}, a text
 * encoder's files...), each with the name a person knows it by (the setting that named it, or
 * "weights of model X"), and the architecture from its card when there is one. Which roles a
 * model has is its family's business; the engine lists them all as inputs that no output may
 * overwrite.
 */
public final class ModelFiles {
    public static final String WEIGHTS = "weights";
    public static final String CONFIG = "config";
    public static final String TEXT_ENCODER = "text_encoder";
    public static final String TEXT_ENCODER_CONFIG = "text_encoder_config";
    public static final String TOKENIZER = "tokenizer";

    private final Map<String, Path> paths;
    private final Map<String, String> labels;
    private final JsonObject cardConfig;

    private ModelFiles(Map<String, Path> paths, Map<String, String> labels, JsonObject cardConfig) {
        this.paths = Collections.unmodifiableMap(paths);
        this.labels = Collections.unmodifiableMap(labels);
        this.cardConfig = cardConfig;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The file of {@code role}, or null when the model has none (e.g. no config file given). */
    public Path get(String role) {
        return paths.get(role);
    }

    /** The weights file (every model has one). */
    public Path weights() {
        return paths.get(WEIGHTS);
    }

    /** The architecture from the model's card, or null for files named directly. */
    public JsonObject cardConfig() {
        return cardConfig == null ? null : cardConfig.deepCopy();
    }

    /** Every file, named as the person knows it, for the output-safety check. */
    public List<OutputPaths.Named> inputs() {
        List<OutputPaths.Named> inputs = new ArrayList<>();
        paths.forEach((role, path) -> inputs.add(new OutputPaths.Named(labels.get(role), path)));
        return inputs;
    }

    /** Collects the files of one model. */
    public static final class Builder {
        private final Map<String, Path> paths = new LinkedHashMap<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private JsonObject cardConfig;

        private Builder() {
        }

        /** Adds a file (a null path is left out), named {@code label} in messages. */
        public Builder put(String role, Path path, String label) {
            if (path != null) {
                paths.put(role, path);
                labels.put(role, label);
            }
            return this;
        }

        public Builder cardConfig(JsonObject config) {
            cardConfig = config == null ? null : config.deepCopy();
            return this;
        }

        public ModelFiles build() {
            if (!paths.containsKey(WEIGHTS)) {
                throw new IllegalStateException("a model's files need its weights");
            }
            return new ModelFiles(paths, labels, cardConfig);
        }
    }
}
