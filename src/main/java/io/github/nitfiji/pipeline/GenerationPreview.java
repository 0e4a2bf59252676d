package io.github.nitfiji.pipeline;

import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.labels.ClassMatcher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a spec would run, without loading anything: the model's family, the class the prompt picks
 * (class models), the sampler settings its preset gives (as provenance records them), and the
 * notices the run would give. Dialogs show it live instead of knowing model kinds themselves.
 */
public final class GenerationPreview {
    public final ModelFamily family;
    /** The class the prompt picks, e.g. "golden retriever", or null (a text model, or classes by index). */
    public final String className;
    /** The index of the first image's class. */
    public final int classIndex;
    /** The settings that would run, as provenance keys ({@code nit.steps}, {@code nit.cfg}, ...). */
    public final Map<String, String> settings;
    public final String preset;
    public final List<String> notices;

    private GenerationPreview(PreparedGeneration prepared, List<String> notices) {
        this.family = prepared.model().family;
        this.className = prepared.promptClassName();
        this.classIndex = prepared.request().classes()[0];
        Map<String, String> s = new LinkedHashMap<>();
        prepared.request().sampling().record(s);
        this.settings = Collections.unmodifiableMap(s);
        this.preset = prepared.preset();
        this.notices = List.copyOf(notices);
    }

    /**
     * The classes the prompt of model {@code modelId} (null: the default model) may name,
     * ImageNet's and a fine-tune's own ({@link ClassMatcher#table()}), matched as a run matches
     * them, without the other settings; null for a text model, which reads its prompt as it is.
     */
    public static ClassMatcher classes(String modelId) throws ModelException {
        ModelSelection model = ModelFamilies.byIdOrDefault(ModelStore.openDefault(), modelId, null, notice -> { });
        return model.family.readsText() ? null : model.family.classes(model);
    }

    /**
     * Prepares {@code spec} as a run would, collecting its notices.
     *
     * @throws InvalidSettingException (and the other errors of {@link GenerationService#prepare}) as the run would
     */
    public static GenerationPreview of(GenerationSpec spec) throws ModelException, IOException {
        List<String> notices = new ArrayList<>();
        GenerationListener collect = new GenerationListener() {
            @Override
            public void status(String message) {
            }

            @Override
            public void samplingStarts(GenerationRequest request) {
            }

            @Override
            public void note(String message) {
                notices.add(message);
            }

            @Override
            public String howToInstall(String id) {
                return "";
            }

            @Override
            public void sampling(int step, int steps) {
            }

            @Override
            public void decoding(int image, int images) {
            }
        };
        return new GenerationPreview(new GenerationService(new PipelineCache(), collect, s -> "").prepare(spec),
                notices);
    }
}
