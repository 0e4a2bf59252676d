package io.github.nitfiji.catalog;

import java.util.List;

/** The state of a whole model: the worst state among its files. */
public final class ModelStatus {
    private final ModelCard card;
    private final List<ModelFileStatus> files;

    ModelStatus(ModelCard card, List<ModelFileStatus> files) {
        this.card = card;
        this.files = List.copyOf(files);
    }

    public ModelCard card() {
        return card;
    }

    public List<ModelFileStatus> files() {
        return files;
    }

    public ModelFileStatus.State state() {
        ModelFileStatus.State worst = ModelFileStatus.State.BUNDLED;
        for (ModelFileStatus f : files) {
            if (f.state().compareTo(worst) > 0) {
                worst = f.state();
            }
        }
        return worst;
    }

    /** True when the engine can load the model right now. */
    public boolean isUsable() {
        ModelFileStatus.State s = state();
        return s == ModelFileStatus.State.BUNDLED || s == ModelFileStatus.State.INSTALLED;
    }
}
