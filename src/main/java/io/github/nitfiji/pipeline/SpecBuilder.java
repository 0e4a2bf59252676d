package io.github.nitfiji.pipeline;

import io.github.nitfiji.source.SourceImage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Collects a {@link GenerationSpec}'s settings as text (a macro, a dialog, a job file, a flag) or
 * as values, each parsed and range-checked by its setting's parser at once; {@link #build} checks
 * them together.
 */
public final class SpecBuilder {
    final SettingNames names;
    final Map<Setting, Object> values = new EnumMap<>(Setting.class);
    List<String> prompts;
    SourceImage source;
    boolean decode = true;

    SpecBuilder(SettingNames names) {
        this.names = names;
    }

    /**
     * Sets {@code setting} from text as typed in a macro, dialog, job file or on the command line.
     * Empty text means the default (the setting is not given); so does seed -1 (random).
     */
    public SpecBuilder set(Setting setting, String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty() || setting == Setting.SEED && t.equals("-1")) {
            values.remove(setting);
            if (setting == Setting.PROMPT) {
                prompts = null;
            }
            return this;
        }
        if (setting == Setting.PROMPT) {
            return prompt(t);
        }
        values.put(setting, setting.type().parse(t, names.of(setting)));
        return this;
    }

    /** Sets {@code setting} to a value (null: not given), checked as its text would be. */
    @SuppressWarnings("unchecked")
    public SpecBuilder put(Setting setting, Object value) {
        if (value == null) {
            values.remove(setting);
        } else {
            ((SettingType<Object>) setting.type()).check(value, names.of(setting));
            values.put(setting, value);
        }
        return this;
    }

    /** One prompt: a class name, index or WordNet id; for a text model, the caption. */
    public SpecBuilder prompt(String text) {
        prompts = text == null ? null : new ArrayList<>(List.of(text));
        return this;
    }

    /** Several prompts (one class, or one caption, each); null or empty for none. */
    public SpecBuilder prompts(List<String> texts) {
        prompts = texts == null || texts.isEmpty() ? null : new ArrayList<>(texts);
        return this;
    }

    public SpecBuilder classes(int... indices) {
        return put(Setting.CLASSES, indices == null ? null : indices.clone());
    }

    public SpecBuilder images(int count) {
        return put(Setting.IMAGES, count);
    }

    public SpecBuilder width(int pixels) {
        return put(Setting.WIDTH, pixels);
    }

    public SpecBuilder height(int pixels) {
        return put(Setting.HEIGHT, pixels);
    }

    /** The first image's seed; null for a random one. */
    public SpecBuilder seed(Long first) {
        return put(Setting.SEED, first);
    }

    /** A model id; null or blank means the default model. */
    public SpecBuilder model(String id) {
        return put(Setting.MODEL, id == null || id.isBlank() ? null : id.trim());
    }

    public SpecBuilder output(ImageOutput kind) {
        return put(Setting.OUTPUT, kind);
    }

    /** False for latents only (no decoder needed). */
    public SpecBuilder decode(boolean images) {
        decode = images;
        return this;
    }

    /** Start from this image (its size is the output size, unless refined); null starts from noise. */
    public SpecBuilder source(SourceImage image) {
        source = image;
        return this;
    }

    /** Checks every setting together; the first mistake is thrown as an {@link InvalidSettingException}. */
    public GenerationSpec build() {
        SpecChecks.check(this);
        return new GenerationSpec(this);
    }
}
