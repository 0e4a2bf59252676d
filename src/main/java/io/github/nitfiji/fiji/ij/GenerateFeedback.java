package io.github.nitfiji.fiji.ij;

import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.fiji.GenerateOptions;
import io.github.nitfiji.labels.ClassMatcher;
import io.github.nitfiji.pipeline.GenerationPreview;
import io.github.nitfiji.pipeline.InvalidSettingException;
import io.github.nitfiji.pipeline.PreviewCadence;
import io.github.nitfiji.pipeline.Setting;
import java.io.IOException;

/**
 * What the "NiT Generate..." dialog says about its current fields, worked out as a run would
 * ({@link GenerationPreview}: nothing loads): the class the prompt picks, what the preset runs,
 * and why OK is off (the whole reason, said once) or the notices the run would give. No AWT.
 */
final class GenerateFeedback {
    /** The line under the prompt. */
    final String classLine;
    /** The line under the preset: what it runs. */
    final String sampling;
    /** Why OK is off, or the run's notices ("" for none). */
    final String problems;
    /** Whether the options can run (OK is on). */
    final boolean valid;

    private GenerateFeedback(String classLine, String sampling, String problems, boolean valid) {
        this.classLine = classLine;
        this.sampling = sampling;
        this.problems = problems;
        this.valid = valid;
    }

    /**
     * @param matcher the chosen model's classes (null for a text model)
     * @param previews the preview choice ("auto", "off" or steps)
     * @param gpu whether this machine offers a GPU (auto previews are on there)
     */
    static GenerateFeedback of(GenerateForm form, ClassMatcher matcher, String previews, boolean gpu) {
        // a class model whose classes could not be read shows no line: the run's check below says why
        String classLine = !form.showsClasses() ? GenerateForm.classLine(null, form.get(Setting.PROMPT))
                : matcher == null ? "" : GenerateForm.classLine(matcher, form.get(Setting.PROMPT));
        String preset = "\u2192 preset " + form.get(Setting.PRESET);
        GenerateOptions options;
        try {
            options = form.options();
        } catch (IllegalArgumentException e) {
            return new GenerateFeedback(classLine, preset, "OK is off: " + e.getMessage(), false);
        }
        String sampling = preset;
        try {
            // what a preset runs does not depend on the prompt: any class shows it while the prompt is refused
            GenerateOptions anyClass = form.showsClasses() ? options.toBuilder().prompt("0").build() : options;
            GenerationPreview p = GenerationPreview.of(anyClass.toSpec());
            sampling = "\u2192 " + GenerateForm.describeSampling(p.preset, p.settings)
                    + (form.custom() && form.advanced().isEmpty() ? " (the fast preset's until changed)" : "");
        } catch (ModelException | IOException | IllegalArgumentException e) {
            // the full check below says why
        }
        try {
            GenerationPreview p = GenerationPreview.of(options.toSpec());
            String notices = String.join("\n", p.notices);
            String note = previewNote(previews, gpu);
            return new GenerateFeedback(classLine, sampling, notices.isEmpty() ? note : note.isEmpty() ? notices
                    : notices + "\n" + note, true);
        } catch (InvalidSettingException e) {
            boolean shownAbove = e.setting() == Setting.PROMPT && matcher != null;
            return new GenerateFeedback(classLine, sampling, shownAbove ? "OK is off until the prompt names a class"
                    + " the model knows (why: under the prompt)." : "OK is off: " + e.getMessage(), false);
        } catch (ModelException | IOException | IllegalArgumentException e) {
            return new GenerateFeedback(classLine, sampling, "OK is off: " + e.getMessage(), false);
        }
    }

    /** What auto previews do on this machine, when they are chosen and off here. */
    static String previewNote(String previews, boolean gpu) {
        if (!PreviewCadence.AUTO.equals(previews) || gpu) {
            return "";
        }
        return "Previews: auto is off on the CPU (each preview costs a decode per image); choose a number of steps"
                + " to see them anyway.";
    }

    /**
     * The sampler settings that run now for the form's model and preset (what "Advanced..." starts
     * from), with those confirmed earlier over them; empty fields where the other fields cannot run.
     */
    static java.util.Map<Setting, String> samplerNow(GenerateForm form) {
        java.util.Map<Setting, String> now = new java.util.EnumMap<>(Setting.class);
        try {
            GenerateOptions options = form.options();
            GenerateOptions anyClass = form.showsClasses() ? options.toBuilder().prompt("0").build() : options;
            now.putAll(GenerateForm.samplerTexts(GenerationPreview.of(anyClass.toSpec()).settings));
        } catch (ModelException | IOException | IllegalArgumentException e) {
            // the fields start empty: their checks say what to give
        }
        now.putAll(form.advanced());
        return now;
    }
}
