package io.github.nitfiji.model.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nitfiji.model.ModelConfigException;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.tim.TimConfig;
import io.github.nitfiji.model.tim.TimT2iConfig;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The shared reading and checks behave alike for NiT, TiM-C2I and TiM-T2I configs. */
class TrunkConfigTest {
    private static final String NIT = NitConfig.xl().toJson();
    private static final String TIM = TimConfig.xl().toJson();
    private static final String T2I = TimT2iConfig.xl().toJson();

    @Test
    void everyFamilyRoundTripsThroughItsJson() {
        assertEquals(NIT, NitConfig.fromJson(NIT, "nit").toJson());
        assertEquals(TIM, TimConfig.fromJson(TIM, "tim").toJson());
        assertEquals(T2I, TimT2iConfig.fromJson(T2I, "t2i").toJson());
    }

    @Test
    void trunkChecksNameTheSourceInEveryFamily() {
        assertMessage(NitConfig::fromJson, NIT.replace("\"depth\":28", "\"depth\":0"), "src: depth must be in 1..1024");
        assertMessage(TimConfig::fromJson, TIM.replace("\"depth\":28", "\"depth\":0"), "src: depth must be in 1..1024");
        assertMessage(TimT2iConfig::fromJson, T2I.replace("\"depth\":28", "\"depth\":0"),
                "src: depth must be in 1..1024");
        assertMessage(TimConfig::fromJson, TIM.replace("\"num_heads\":16", "\"num_heads\":64"),
                "src: head dim hidden_size/num_heads must be a multiple of 4 for 2D RoPE, found 18");
        assertMessage(TimT2iConfig::fromJson, T2I.replace("\"in_channels\":32", "\"in_channels\":0"),
                "src: in_channels must be in 1..4096, found 0");
    }

    @Test
    void familyRulesAndFieldErrorsNameTheSourceOnce() {
        assertMessage(TimConfig::fromJson, TIM.replace("\"new_condition\":\"t-r\"", "\"new_condition\":\"r\""),
                "src: TiM new_condition 'r' is not supported");
        assertMessage(TimT2iConfig::fromJson, T2I.replace("\"patch_size\":1", "\"patch_size\":2"),
                "src: patch_size 2 is not supported (TiM-T2I uses 1)");
        assertMessage(NitConfig::fromJson, NIT.replace("\"patch_size\":1", "\"patch_size\":2"),
                "src: patch_size 2 is not supported");
        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> TimT2iConfig.fromJson(T2I.replace("\"cap_feat_dim\":1152", "\"cap_feat_dim\":true"), "src"));
        assertEquals("src: field 'cap_feat_dim': expected an integer, got true", e.getMessage());
    }

    private static void assertMessage(BiFunction<String, String, ?> fromJson, String json, String start) {
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> fromJson.apply(json, "src"));
        assertTrue(e.getMessage().startsWith(start), "expected '" + start + "...', got: " + e.getMessage());
    }
}
