package io.github.nitfiji.model.tim;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.TimGolden;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.ModelConfigException;
import io.github.nitfiji.model.SafetensorsWeights;
import io.github.nitfiji.model.WeightSource;
import io.github.nitfiji.model.WeightsMismatchException;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Weights that do not fit: every problem at once, and a NiT file for TiM (or the reverse) named as such. */
class TimWeightsTest {
    @Test
    void missingAndMisShapedKeysAreListedTogether() throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(TimGolden.weights())) {
            WeightSource real = new SafetensorsWeights(f);
            WeightSource broken = new Altered(real, "blocks.1.attn.qkv_d.weight", "blocks.0.mlp.fc2.weight");
            WeightsMismatchException e = assertThrows(WeightsMismatchException.class,
                    () -> TimTransformer.load(TimConfig.fromWeights(f), broken, Device.cpu(), DataType.FLOAT32,
                            AttentionKind.EAGER, message -> { }));
            assertEquals(2, e.problems().size(), e.getMessage());
            assertTrue(e.getMessage().contains("missing key blocks.1.attn.qkv_d.weight (expected shape [288, 96])"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("key blocks.0.mlp.fc2.weight has shape [96, 255], expected [96, 256]"),
                    e.getMessage());
        }
    }

    @Test
    void trainingOnlyProjectorIsIgnored() throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(TimGolden.weights())) {
            assertTrue(f.tensors().containsKey("projector.0.weight"));
            assertFalse(TimConfig.fromWeights(f).expectedShapes().containsKey("projector.0.weight"));
        }
        TimGolden.model(DataType.FLOAT32, AttentionKind.EAGER).close();
    }

    @Test
    void configsOutsideTheReleasedConditioningAreRefused() {
        String base = "{\"hidden_size\": 96, \"depth\": 2, \"num_heads\": 4, \"in_channels\": 8, "
                + "\"distance_aware\": true, \"lora_hidden_size\": 32";
        TimConfig ok = TimConfig.fromJson(base + ", \"new_condition\": \"t-r\", \"use_new_embed\": true}", "test");
        assertEquals(256, ok.mlpHidden());
        ModelConfigException r = assertThrows(ModelConfigException.class,
                () -> TimConfig.fromJson(base + ", \"new_condition\": \"r\", \"use_new_embed\": true}", "test"));
        assertTrue(r.getMessage().contains("new_condition 'r' is not supported"), r.getMessage());
        ModelConfigException noDelta = assertThrows(ModelConfigException.class,
                () -> TimConfig.fromJson(base + "}", "cfg.json"));
        assertTrue(noDelta.getMessage().startsWith("cfg.json: TiM config needs use_new_embed = true"),
                noDelta.getMessage());
    }

    /** The real weights without one key and with another one column short. */
    private static final class Altered implements WeightSource {
        private final WeightSource real;
        private final String removed;
        private final String narrowed;

        Altered(WeightSource real, String removed, String narrowed) {
            this.real = real;
            this.removed = removed;
            this.narrowed = narrowed;
        }

        @Override
        public String describe() {
            return "altered " + real.describe();
        }

        @Override
        public Set<String> keys() {
            Set<String> keys = new TreeSet<>(real.keys());
            keys.remove(removed);
            return keys;
        }

        @Override
        public long[] shape(String key) {
            if (key.equals(removed)) {
                return null;
            }
            long[] s = real.shape(key).clone();
            if (key.equals(narrowed)) {
                s[s.length - 1]--;
            }
            return s;
        }

        @Override
        public boolean isFloating(String key) {
            return real.isFloating(key);
        }

        @Override
        public NDArray load(String key, NDManager manager, DataType type) throws IOException {
            throw new AssertionError("nothing may load before the shapes are checked");
        }
    }
}
