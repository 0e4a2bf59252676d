package io.github.nitfiji.fiji;

import io.github.nitfiji.pipeline.Setting;

/**
 * What "NiT Generate..." starts from in this session: the options of its last run, or the model
 * that "NiT Train..." last installed (with its first class as the prompt), so that a new
 * fine-tune is the selected model the next time the dialog opens.
 */
public final class GenerateMemory {
    private static volatile GenerateOptions last = GenerateOptions.defaults();

    private GenerateMemory() {
    }

    public static GenerateOptions last() {
        return last;
    }

    public static void remember(GenerateOptions options) {
        last = options;
    }

    /** Makes {@code modelId} the dialog's model, prompting for {@code prompt} (e.g. the fine-tune's first class). */
    public static void selectModel(String modelId, String prompt) {
        GenerateOptions.Builder b;
        try {
            b = last.toBuilder().set(Setting.MODEL.key(), modelId).prompt(prompt);
            last = b.build();
        } catch (IllegalArgumentException e) {
            // the last run's settings do not go with this model (a TiM preset): the defaults do
            last = GenerateOptions.builder().set(Setting.MODEL.key(), modelId).prompt(prompt).build();
        }
    }
}
