package io.github.nitfiji.model.dcae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.nitfiji.Golden;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.WeightsMismatchException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Weights and config that do not belong together are reported in one message, before any loading. */
class WeightMismatchTest {
    @Test
    void widerConfigListsEveryMisShapedKey() throws Exception {
        try (SafetensorsFile weights = Golden.dcaeWeights()) {
            JsonObject o = config(weights);
            o.add("decoder_block_out_channels", JsonParser.parseString("[8, 16, 32, 32, 64, 128]"));
            WeightsMismatchException e = assertThrows(WeightsMismatchException.class,
                    () -> DcAeDecoder.load(DcAeConfig.fromJson(o.toString()), weights, Device.cpu(),
                            DataType.FLOAT32));
            String msg = e.getMessage();
            assertTrue(msg.contains(weights.path().toString()), msg);
            assertTrue(msg.contains("wrong shape decoder.conv_in.weight: expected [128, 32, 3, 3],"
                    + " found [64, 32, 3, 3]"), msg);
            String all = String.join("\n", e.problems());
            assertTrue(all.contains("wrong shape decoder.up_blocks.4.0.conv.weight: expected [64, 128, 3, 3],"
                    + " found [64, 64, 3, 3]"), all);
            assertTrue(all.contains("wrong shape decoder.up_blocks.5.1.attn.to_q.weight"), all);
            assertTrue(e.problems().size() > 20, "every stage-5 tensor is listed, found " + e.problems().size());
            // the message stays readable (issue 13, item 13): the first 20, then a count
            assertTrue(msg.contains("... and " + (e.problems().size() - WeightsMismatchException.SHOWN) + " more"), msg);
            assertTrue(e.problems().stream().noneMatch(p -> p.contains("up_blocks.0.")), "stage 0 is fine");
        }
    }

    @Test
    void moreOrFewerLayersGiveMissingAndUnexpectedKeys() throws Exception {
        try (SafetensorsFile weights = Golden.dcaeWeights()) {
            JsonObject more = config(weights);
            more.add("decoder_layers_per_block", JsonParser.parseString("[3, 2, 2, 2, 2, 2]"));
            WeightsMismatchException e = assertThrows(WeightsMismatchException.class,
                    () -> DcAeDecoder.load(DcAeConfig.fromJson(more.toString()), weights, Device.cpu(),
                            DataType.FLOAT32));
            assertTrue(e.problems().contains("missing decoder.up_blocks.0.3.conv1.weight [8, 8, 3, 3]"),
                    e.getMessage());
            assertEquals(5, e.problems().size(), e.getMessage());

            JsonObject fewer = config(weights);
            fewer.add("encoder_layers_per_block", JsonParser.parseString("[1, 1, 1, 2, 2, 1]"));
            e = assertThrows(WeightsMismatchException.class,
                    () -> DcAeEncoder.load(DcAeConfig.fromJson(fewer.toString()), weights, Device.cpu(),
                            DataType.FLOAT32));
            assertTrue(e.getMessage().contains("unexpected encoder.down_blocks.5.1.attn.to_q.weight [64, 64]"),
                    e.getMessage());
        }
    }

    @Test
    void arraysAreCheckedTheSameWay() throws Exception {
        try (SafetensorsFile weights = Golden.dcaeWeights();
             NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            DcAeConfig config = DcAeConfig.fromWeights(weights);
            Map<String, NDArray> arrays = new HashMap<>();
            for (String key : weights.tensors().keySet()) {
                arrays.put(key, weights.load(key, m, DataType.FLOAT32));
            }
            arrays.remove("decoder.norm_out.bias");
            arrays.put("decoder.conv_out.bias", m.zeros(new ai.djl.ndarray.types.Shape(4)));
            WeightsMismatchException e = assertThrows(WeightsMismatchException.class,
                    () -> DcAeDecoder.fromArrays(config, arrays, Device.cpu(), DataType.FLOAT32));
            assertTrue(e.getMessage().startsWith("the given weight arrays does not fit"), e.getMessage());
            assertTrue(e.problems().contains("missing decoder.norm_out.bias [8]"), e.getMessage());
            assertTrue(e.problems().contains("wrong shape decoder.conv_out.bias: expected [3], found [4]"),
                    e.getMessage());
        }
    }

    private static JsonObject config(SafetensorsFile weights) {
        return JsonParser.parseString(weights.metadata().get("config")).getAsJsonObject();
    }
}
