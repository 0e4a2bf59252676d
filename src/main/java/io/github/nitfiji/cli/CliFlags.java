package io.github.nitfiji.cli;

import io.github.nitfiji.pipeline.Setting;
import io.github.nitfiji.pipeline.SettingNames;
import java.util.Map;

/**
 * How the command line spells settings: {@code --} and the key with dashes ({@code tim_mode} is
 * {@code --tim-mode}), but for the few flags that read better otherwise. The engine words its
 * messages with these names when the command line asks.
 */
final class CliFlags {
    private static final Map<Setting, String> OWN = Map.of(
            Setting.OUTPUT, "--float",
            Setting.SOURCE, "--init-image");

    /** The flag of every setting. */
    static final SettingNames NAMES = CliFlags::flag;

    private CliFlags() {
    }

    static String flag(Setting setting) {
        String own = OWN.get(setting);
        return own != null ? own : "--" + setting.key().replace('_', '-');
    }
}
