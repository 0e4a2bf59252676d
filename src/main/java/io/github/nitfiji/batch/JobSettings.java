package io.github.nitfiji.batch;

import io.github.nitfiji.pipeline.GenerationSpec;
import io.github.nitfiji.pipeline.Setting;
import io.github.nitfiji.pipeline.SettingText;
import java.util.List;
import java.util.Map;

/**
 * A job entry's settings, the macro keys of "NiT Generate..." as text, turned into the one
 * generation spec; messages name the keys. As on the command line, sampler settings given
 * without a preset mean the custom preset. Batch jobs write 8-bit PNG files, so {@code output}
 * is not a key here, and nothing refers to an open image.
 */
public final class JobSettings {
    public static final List<String> KEYS = List.of("prompt", "width", "height", "images", "seed", "preset",
            "sampler", "steps", "cfg", "guidance_low", "guidance_high", "tim_mode", "stochasticity", "model", "device",
            "precision", "executor");

    private JobSettings() {
    }

    /**
     * @param device the device for entries that name none (null: the default, auto)
     * @throws IllegalArgumentException naming the key whose text is not a valid value
     */
    public static GenerationSpec spec(Map<String, String> settings, String device) {
        GenerationSpec.Builder b = GenerationSpec.builder(Setting.Names.KEYS);
        Double low = null;
        Double high = null;
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String key = e.getKey();
            String text = e.getValue() == null ? "" : e.getValue().trim();
            switch (key) {
                case "prompt": b.prompt(text); break;
                case "width": b.width(SettingText.whole(key, text)); break;
                case "height": b.height(SettingText.whole(key, text)); break;
                case "images": b.images(SettingText.whole(key, text)); break;
                case "seed": b.seed(seed(text)); break;
                case "preset": b.preset(text); break;
                case "sampler": b.sampler(text); break;
                case "steps": b.steps(SettingText.whole(key, text)); break;
                case "cfg": b.cfg(SettingText.number(key, text)); break;
                case "guidance_low": low = SettingText.number(key, text); break;
                case "guidance_high": high = SettingText.number(key, text); break;
                case "tim_mode": b.timMode(text); break;
                case "stochasticity": b.stochasticity(text.isEmpty() ? null : SettingText.number(key, text)); break;
                case "model": b.model(text); break;
                case "device": b.device(text); break;
                case "precision": b.precision(text); break;
                case "executor": b.executor(text); break;
                default:
                    throw new IllegalArgumentException("unknown key " + key + "; a request takes " + String.join(", ", KEYS));
            }
        }
        if (low != null || high != null) {
            b.guidanceInterval(low != null ? low : GenerationSpec.DEFAULT_GUIDANCE_LOW,
                    high != null ? high : GenerationSpec.DEFAULT_GUIDANCE_HIGH);
        }
        if (device != null && !settings.containsKey("device")) {
            b.device(device);
        }
        return b.build();
    }

    private static Long seed(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seed=" + text + " must be a whole number >= 0");
        }
    }
}
