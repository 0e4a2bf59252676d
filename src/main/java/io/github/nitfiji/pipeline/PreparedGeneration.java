package io.github.nitfiji.pipeline;

import io.github.nitfiji.catalog.ModelStore;

/**
 * A generation after the cheap checks, before any model loads: the class the prompt picked, the
 * model files, and the request with its seed fixed. {@link #spec()} regenerates the same images.
 */
public final class PreparedGeneration {
    private final GenerationSpec spec;
    private final ModelChoice model;
    private final ModelStore store;
    private final GenerationRequest request;
    private final String promptClassName;

    PreparedGeneration(GenerationSpec spec, ModelChoice model, ModelStore store, GenerationRequest request,
                       String promptClassName) {
        this.spec = spec;
        this.model = model;
        this.store = store;
        this.request = request;
        this.promptClassName = promptClassName;
    }

    /** The spec with the seed and the model that run filled in. */
    public GenerationSpec spec() {
        return spec;
    }

    public ModelChoice model() {
        return model;
    }

    /** The models folder the model came from, or null for files named directly. */
    ModelStore store() {
        return store;
    }

    public GenerationRequest request() {
        return request;
    }

    /** The name of the class the prompt picked, or null when classes were given by index. */
    public String promptClassName() {
        return promptClassName;
    }
}
