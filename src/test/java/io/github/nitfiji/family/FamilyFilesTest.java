package io.github.nitfiji.family;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.TestFiles;
import io.github.nitfiji.TimGolden;
import io.github.nitfiji.family.nit.NitFamily;
import io.github.nitfiji.family.tim.TimC2iFamily;
import io.github.nitfiji.family.tim.TimT2iFamily;
import io.github.nitfiji.model.ModelConfigException;
import io.github.nitfiji.pipeline.Setting;
import io.github.nitfiji.pipeline.SettingNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint given to the wrong family is named as what it is, with the setting that takes it
 * (NiT and TiM share most key names, so the mix-up would otherwise surface as dozens of missing
 * keys); each family recognises only its own checkpoints.
 */
class FamilyFilesTest {
    @TempDir
    Path dir;

    @Test
    void aNitFileGivenAsTimIsNamed() {
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> FamilyFiles.checkSafetensors(
                new TimC2iFamily(), TestFiles.golden("nit_tiny.safetensors"), false, Setting.TIM_CONFIG,
                SettingNames.KEYS));
        assertTrue(e.getMessage().contains("is a NiT checkpoint, not a TiM-C2I"), e.getMessage());
        assertTrue(e.getMessage().endsWith("give it with nit_weights"), e.getMessage());
    }

    @Test
    void aTimFileGivenAsNitIsNamed() {
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> FamilyFiles.checkSafetensors(
                new NitFamily(), TimGolden.weights(), false, Setting.NIT_CONFIG, s -> "--" + s.key()));
        assertTrue(e.getMessage().contains("is a TiM-C2I (class-conditional TiM) checkpoint, not a NiT"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("give it with --tim_weights"), e.getMessage());
    }

    @Test
    void eachFamilyRecognisesItsOwnKeysOnly() {
        Set<String> nit = Set.of("blocks.0.adaLN_modulation.1.weight", "blocks.0.mlp.fc1.weight");
        Set<String> c2i = Set.of("blocks.0.adaLN_modulation.1.weight", "delta_embedder.mlp.0.weight",
                "y_embedder.embedding_table.weight");
        Set<String> t2i = Set.of("blocks.0.attn.qkv_d.weight", "delta_embedder.mlp.0.weight");
        assertTrue(new NitFamily().recognises(nit));
        assertFalse(new NitFamily().recognises(c2i));
        assertTrue(new TimC2iFamily().recognises(c2i));
        assertFalse(new TimC2iFamily().recognises(t2i));
        assertTrue(new TimT2iFamily().recognises(t2i));
        assertFalse(new TimT2iFamily().recognises(nit));
    }

    @Test
    void aPyTorchArchiveGivenWhereSafetensorsAreReadIsNamedAsSuch() throws Exception {
        Path bin = dir.resolve("t2i.safetensors");
        Files.write(bin, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0});
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> FamilyFiles.checkSafetensors(
                new TimC2iFamily(), bin, false, Setting.TIM_CONFIG, SettingNames.KEYS));
        assertTrue(e.getMessage().contains("is a PyTorch checkpoint"), e.getMessage());
    }

    @Test
    void aCheckpointWithoutItsArchitectureNamesTheConfigSetting() throws Exception {
        Path bare = dir.resolve("bare.safetensors");
        new io.github.nitfiji.io.SafetensorsWriter().put("blocks.0.mlp.fc1.weight", new long[] {1}, new float[] {1})
                .write(bare);
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> FamilyFiles.checkSafetensors(
                new NitFamily(), bare, false, Setting.NIT_CONFIG, SettingNames.KEYS));
        assertTrue(e.getMessage().contains("give it with nit_config CONFIG.json or use a model card (model ID)"),
                e.getMessage());
    }
}
