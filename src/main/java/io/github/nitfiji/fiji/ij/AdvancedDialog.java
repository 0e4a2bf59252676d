package io.github.nitfiji.fiji.ij;

import ij.gui.GenericDialog;
import io.github.nitfiji.EnumIds;
import io.github.nitfiji.pipeline.Setting;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.TransitionMode;
import java.awt.Choice;
import java.awt.Component;
import java.awt.TextField;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Advanced...": the custom preset's sampler settings, only those the chosen model's family takes,
 * each starting at the value that runs now. Every value is checked by its setting's parser as it
 * is typed; OK stays off while one is wrong, with the reason shown whole.
 */
final class AdvancedDialog {
    /** What each setting means, beside its field. */
    private static final Map<Setting, String> HINTS = Map.of(
            Setting.STEPS, "1-10000",
            Setting.CFG, "1 = no guidance",
            Setting.GUIDANCE_LOW, "t, 0-1 (1 = noise)",
            Setting.GUIDANCE_HIGH, "t, 0-1 (guided from low to high)",
            Setting.STOCHASTICITY, "0 = deterministic, up to 1");

    private AdvancedDialog() {
    }

    /**
     * @param settings the settings to offer, in order
     * @param current each one's value now (what the preset or the earlier choices run)
     * @return the confirmed values, or null when cancelled
     */
    static Map<Setting, String> show(String modelName, List<Setting> settings, Map<Setting, String> current) {
        GenericDialog gd = new GenericDialog("NiT Generate: sampler settings");
        gd.addMessage("Custom sampler settings for " + modelName + " (preset custom). Each starts at what runs now.");
        Map<Setting, Component> fields = new LinkedHashMap<>();
        for (Setting s : settings) {
            String label = label(s);
            if (s == Setting.SAMPLER || s == Setting.TIM_MODE) {
                String[] ids = s == Setting.SAMPLER ? ids(SamplerKind.values()) : ids(TransitionMode.values());
                gd.addChoice(label, ids, current.getOrDefault(s, ids[0]));
                fields.put(s, (Component) gd.getChoices().lastElement());
            } else {
                gd.addStringField(label, current.getOrDefault(s, ""), 8);
                fields.put(s, (Component) gd.getStringFields().lastElement());
                gd.addToSameRow();
                gd.addMessage(HINTS.getOrDefault(s, ""));
            }
        }
        WrappedText problem = new WrappedText(60);
        java.awt.Panel panel = new java.awt.Panel();
        panel.add(problem);
        gd.addPanel(panel);
        gd.addDialogListener((dialog, e) -> {
            try {
                read(fields);
                problem.setText("");
            } catch (IllegalArgumentException ex) {
                if (problem.setText("\u2717 " + ex.getMessage())) {
                    dialog.pack();
                }
                return false;
            }
            return true;
        });
        gd.showDialog();
        return gd.wasCanceled() ? null : read(fields);
    }

    /** Each field's text, checked by its setting's parser and written as the parser writes it. */
    @SuppressWarnings("unchecked")
    private static Map<Setting, String> read(Map<Setting, Component> fields) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        fields.forEach((s, c) -> {
            String text = c instanceof Choice ? ((Choice) c).getSelectedItem() : ((TextField) c).getText();
            Object value = s.type().parse(text, s.key());
            values.put(s, ((io.github.nitfiji.pipeline.SettingType<Object>) s.type()).format(value));
        });
        return values;
    }

    /** "Guidance low" for guidance_low: the key, readable. */
    static String label(Setting s) {
        String words = s.key().replace('_', ' ');
        if (s == Setting.CFG || s == Setting.TIM_MODE) {
            return s == Setting.CFG ? "CFG" : "TiM mode";
        }
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static String[] ids(Enum<?>[] values) {
        String[] ids = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            ids[i] = EnumIds.id(values[i]);
        }
        return ids;
    }
}
