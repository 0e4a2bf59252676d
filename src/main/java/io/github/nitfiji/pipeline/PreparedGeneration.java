package io.github.nitfiji.pipeline;

import io.github.nitfiji.catalog.ModelStore;

/**
 * A generation after the cheap checks, before any model loads: the class the prompt picked, the
 * model files, and the request with its seed fixed. {@link #spec()} regenerates the same images.
 */
public final class PreparedGeneration {
    private final GenerationSpec spec;
    private final ModelSelection model;
    private final ModelStore store;
    private final GenerationRequest request;
    private final String promptClassName;
    private final String preset;

    PreparedGeneration(GenerationSpec spec, ModelSelection model, ModelStore store, GenerationRequest request,
                       String promptClassName, String preset) {
        this.spec = spec;
        this.model = model;
        this.store = store;
        this.request = request;
        this.promptClassName = promptClassName;
        this.preset = preset;
    }

    /** The preset that runs and where its settings come from, e.g. "paper-768x416 (nit-xl-1000k card)". */
    public String preset() {
        return preset;
    }

    /** The spec with the seed and the model that run filled in. */
    public GenerationSpec spec() {
        return spec;
    }

    public ModelSelection model() {
        return model;
    }

    /** The models folder the model came from, or null for files named directly. */
    ModelStore store() {
        return store;
    }

    public GenerationRequest request() {
        return request;
    }

    /**
     * Every file this generation reads (the model's, the decoder's, noise files, the start image
     * when it is a file), named as the person gave them: no output may overwrite one.
     */
    public java.util.List<io.github.nitfiji.io.OutputPaths.Named> inputs() {
        java.util.List<io.github.nitfiji.io.OutputPaths.Named> inputs = new java.util.ArrayList<>(model.inputs());
        SettingNames names = spec.names();
        inputs.add(new io.github.nitfiji.io.OutputPaths.Named(names.of(Setting.AE_CONFIG), spec.file(Setting.AE_CONFIG)));
        inputs.add(new io.github.nitfiji.io.OutputPaths.Named(names.of(Setting.NOISE), spec.file(Setting.NOISE)));
        inputs.add(new io.github.nitfiji.io.OutputPaths.Named(names.of(Setting.SDE_NOISE), spec.file(Setting.SDE_NOISE)));
        return inputs;
    }

    /** The name of the class the prompt picked, or null when classes were given by index. */
    public String promptClassName() {
        return promptClassName;
    }
}
