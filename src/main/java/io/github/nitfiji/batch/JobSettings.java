package io.github.nitfiji.batch;

import io.github.nitfiji.pipeline.GenerationSpec;
import io.github.nitfiji.pipeline.Setting;
import io.github.nitfiji.pipeline.SettingNames;
import io.github.nitfiji.pipeline.SpecBuilder;
import io.github.nitfiji.pipeline.SpecText;
import java.util.List;
import java.util.Map;

/**
 * A job entry's settings, the macro keys of "NiT Generate..." as text, turned into the one
 * generation spec through the one text path ({@link SpecText}); messages name the keys. As in
 * every front door, sampler settings given without a preset mean the custom preset, and beside a
 * named preset they are an error. Batch jobs write 8-bit PNG files, so {@code output} is not a
 * key here, and nothing refers to an open image.
 */
public final class JobSettings {
    /** The settings a job entry takes (besides the batch's own keys). */
    public static final List<Setting> SETTINGS = List.of(Setting.PROMPT, Setting.WIDTH, Setting.HEIGHT,
            Setting.IMAGES, Setting.SEED, Setting.PRESET, Setting.SAMPLER, Setting.STEPS, Setting.CFG,
            Setting.GUIDANCE_LOW, Setting.GUIDANCE_HIGH, Setting.TIM_MODE, Setting.STOCHASTICITY, Setting.MODEL,
            Setting.DECODER, Setting.DEVICE, Setting.PRECISION, Setting.EXECUTOR);
    /** Their keys. */
    public static final List<String> KEYS = SETTINGS.stream().map(Setting::key).collect(
            java.util.stream.Collectors.toUnmodifiableList());

    private JobSettings() {
    }

    /**
     * @param device the device for entries that name none (null: the default, auto)
     * @throws IllegalArgumentException naming the key whose text is not a valid value
     */
    public static GenerationSpec spec(Map<String, String> settings, String device) {
        SpecBuilder b = SpecText.apply(GenerationSpec.builder(SettingNames.KEYS), settings, SETTINGS);
        if (device != null && !settings.containsKey(Setting.DEVICE.key())) {
            b.set(Setting.DEVICE, device);
        }
        return b.build();
    }
}
