package io.github.nitfiji.family;

import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.TorchCheckpoint;
import io.github.nitfiji.model.ModelConfigException;
import io.github.nitfiji.pipeline.ModelFamilies;
import io.github.nitfiji.pipeline.ModelFamily;
import io.github.nitfiji.pipeline.Setting;
import io.github.nitfiji.pipeline.SettingNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Checks on weights files named directly, before anything loads: the format read from the bytes
 * (a PyTorch checkpoint is a zip archive, whatever its name), the family read from the tensor
 * names, and an architecture available (a config file, or the checkpoint's own metadata).
 */
public final class FamilyFiles {
    private FamilyFiles() {
    }

    /** TiM's trunk has a second time embedder (for the target time) and decoupled attention. */
    public static boolean hasTimKeys(Set<String> keys) {
        return keys.contains("delta_embedder.mlp.0.weight") || keys.contains("blocks.0.attn.qkv_d.weight");
    }

    /** Whether {@code file} is a {@code torch.save} archive (zip) rather than safetensors. */
    public static boolean isTorchCheckpoint(Path file) throws IOException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(head, 0, 4) == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        }
    }

    /**
     * Checks a safetensors weights file of {@code family}: its format, that it is this family's
     * checkpoint, and that its architecture is known (a config given, or the file's metadata).
     */
    public static void checkSafetensors(ModelFamily family, Path weights, boolean configGiven, Setting configSetting,
                                        SettingNames names) throws IOException {
        String flag = names.of(family.fileSettings().get(0));
        if (isTorchCheckpoint(weights)) {
            throw new ModelConfigException(flag + " " + weights + " is a PyTorch checkpoint (a .bin/.pt zip archive);"
                    + " " + family.displayName() + " weights are read from .safetensors files");
        }
        try (SafetensorsFile file = SafetensorsFile.open(weights)) {
            ModelFamilies.checkCheckpoint(family, file.tensors().keySet(), weights.toString(), names);
            if (!configGiven && !file.metadata().containsKey("config")) {
                throw new ModelConfigException(weights + " has no __metadata__.config (its architecture); give it with "
                        + names.of(configSetting) + " CONFIG.json or use a model card (" + names.of(Setting.MODEL)
                        + " ID)");
            }
        }
    }

    /** Checks a PyTorch checkpoint's tensor names against {@code family} (read without executing anything). */
    public static void checkTorchCheckpoint(ModelFamily family, Path weights, SettingNames names) throws IOException {
        try (TorchCheckpoint file = TorchCheckpoint.open(weights)) {
            ModelFamilies.checkCheckpoint(family, file.tensors().keySet(), weights.toString(), names);
        }
    }
}
