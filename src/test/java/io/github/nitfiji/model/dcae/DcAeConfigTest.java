package io.github.nitfiji.model.dcae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.dcae.DcAeStages.BlockType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DcAeConfigTest {
    /** The published config.json of mit-han-lab/dc-ae-f32c32-sana-1.1-diffusers, as far as it matters. */
    static final String SANA_1_1 = realDecoderConfig();

    /** The real decoder's config, from its bundled model card. */
    private static String realDecoderConfig() {
        try {
            return io.github.nitfiji.catalog.ModelCatalog.bundled().require("dc-ae-f32c32-sana-1.1").config().toString();
        } catch (io.github.nitfiji.catalog.ModelException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsTheGoldenConfigFromTheWeightsFile() throws Exception {
        try (SafetensorsFile weights = Golden.dcaeWeights()) {
            DcAeConfig c = DcAeConfig.fromWeights(weights);
            assertEquals(32, c.latentChannels());
            assertEquals(8, c.attentionHeadDim());
            assertEquals(32, c.spatialCompression());
            assertEquals(0.41407, c.scalingFactor(), 0);
            assertEquals(64, c.decoder().deepestChannels());
            assertEquals(2, c.decoder().layers(0));
            assertEquals(1, c.encoder().layers(0));
            assertEquals(BlockType.EFFICIENT_VIT_BLOCK, c.decoder().blockType(3));
            assertArrayEquals(new int[] {5}, c.decoder().qkvMultiscales(4));
            assertArrayEquals(new int[0], c.decoder().qkvMultiscales(0));
        }
    }

    @Test
    void readsSanaWithDiffusersDefaultsForAbsentFields(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.json");
        Files.write(file, SANA_1_1.getBytes(StandardCharsets.UTF_8));
        DcAeConfig c = DcAeConfig.fromFile(file);
        assertEquals(1024, c.decoder().deepestChannels());
        assertEquals(3, c.decoder().layers(5));
        assertEquals(2, c.encoder().layers(0));
        assertEquals(32, c.attentionHeadDim());
    }

    /** DC-AE-Lite: pixel-shuffle up blocks, no blocks at full size, SiLU before the output conv. */
    @Test
    void readsTheLiteLayoutAndDiffusersDefaultUpsampling() {
        JsonObject o = sana();
        o.addProperty("upsample_block_type", "pixel_shuffle");
        o.addProperty("decoder_block_types", "ResBlock");
        o.add("decoder_layers_per_block", JsonParser.parseString("[0, 3, 5, 4, 4, 4]"));
        o.addProperty("decoder_conv_act_fn", "silu");
        DcAeConfig lite = DcAeConfig.fromJson(o.toString());
        assertEquals(DcAeConfig.Upsampling.PIXEL_SHUFFLE, lite.upsampling());
        assertEquals(DcAeConfig.OutputActivation.SILU, lite.outputActivation());
        assertEquals(0, lite.decoder().layers(0));
        assertEquals(32, lite.spatialCompression());
        assertTrue(lite.toString().contains("up pixel_shuffle, out silu"), lite.toString());
        o.remove("upsample_block_type");
        assertEquals(DcAeConfig.Upsampling.PIXEL_SHUFFLE, DcAeConfig.fromJson(o.toString()).upsampling());
    }

    @Test
    void acceptsPerStageListsOfTheSupportedValues() {
        JsonObject o = sana();
        JsonArray norms = new JsonArray();
        for (int i = 0; i < 6; i++) {
            norms.add("rms_norm");
        }
        o.add("decoder_norm_types", norms);
        assertEquals(6, DcAeConfig.fromJson(o.toString()).decoder().count());
    }

    @Test
    void rejectsOtherLayoutsNamingFieldValueAndWhatIsSupported() {
        JsonObject o = sana();
        o.addProperty("upsample_block_type", "bilinear");
        assertMessage(o, "upsample_block_type", "\"bilinear\"", "supported: \"interpolate\", \"pixel_shuffle\"");

        o = sana();
        o.addProperty("downsample_block_type", "pixel_unshuffle");
        assertMessage(o, "downsample_block_type", "\"pixel_unshuffle\"", "supported: \"Conv\"");

        o = sana();
        o.addProperty("decoder_norm_types", "batch_norm");
        assertMessage(o, "decoder_norm_types", "batch_norm", "rms_norm");

        o = sana();
        o.addProperty("decoder_act_fns", "relu6");
        assertMessage(o, "decoder_act_fns", "relu6", "silu");

        o = sana();
        o.addProperty("decoder_conv_act_fn", "gelu");
        assertMessage(o, "decoder_conv_act_fn", "\"gelu\"", "\"relu\", \"silu\"");

        o = sana();
        o.addProperty("decoder_in_shortcut", false);
        assertMessage(o, "decoder_in_shortcut", "false", "true");

        o = sana();
        o.add("encoder_block_types", JsonParser.parseString("[\"ResBlock\", \"ResBlock\", \"ResBlock\","
                + " \"ResBlock\", \"ResBlock\", \"AttnBlock\"]"));
        assertMessage(o, "encoder_block_types", "AttnBlock", "EfficientViTBlock");
    }

    @Test
    void validatesSizesAndAgreementBetweenLists() {
        JsonObject o = sana();
        o.add("decoder_layers_per_block", JsonParser.parseString("[3, 3, 3, 3, 3]"));
        assertMessage(o, "decoder_layers_per_block", "5 entries", "decoder_block_out_channels has 6");

        o = sana();
        o.add("decoder_layers_per_block", JsonParser.parseString("[3, 0, 3, 3, 3, 3]"));
        assertMessage(o, "decoder_layers_per_block", "[3, 0, 3, 3, 3, 3]", "at least 1", "except stage 0");

        o = sana();
        o.add("encoder_layers_per_block", JsonParser.parseString("[0, 2, 2, 3, 3, 3]"));
        assertMessage(o, "encoder_layers_per_block", "[0, 2, 2, 3, 3, 3]", "at least 1");

        o = sana();
        o.add("decoder_layers_per_block", JsonParser.parseString("[0, 3, 3, 3, 3, 3]"));
        assertMessage(o, "decoder_layers_per_block", "\"interpolate\"", "\"pixel_shuffle\"", "DC-AE-Lite");

        o = sana();
        o.add("encoder_block_out_channels", JsonParser.parseString("[128, 256, 512, 512, 1024, -1]"));
        assertMessage(o, "encoder_block_out_channels", "-1", "positive");

        o = sana();
        o.addProperty("latent_channels", 0);
        assertMessage(o, "latent_channels", "0", "positive");

        o = sana();
        o.addProperty("latent_channels", 48);
        assertMessage(o, "latent_channels 48", "1024", "multiple");

        o = sana();
        o.addProperty("attention_head_dim", 48);
        assertMessage(o, "attention_head_dim 48", "512", "EfficientViTBlock");

        o = sana();
        o.add("decoder_qkv_multiscales", JsonParser.parseString("[[], [], [], [4], [5], [5]]"));
        assertMessage(o, "decoder_qkv_multiscales", "odd", "[4]");

        o = sana();
        o.add("decoder_block_out_channels", JsonParser.parseString("[128, 256, 512, 512, 1024]"));
        o.add("decoder_layers_per_block", JsonParser.parseString("[3, 3, 3, 3, 3]"));
        o.add("decoder_block_types", JsonParser.parseString("[\"ResBlock\", \"ResBlock\", \"ResBlock\","
                + " \"EfficientViTBlock\", \"EfficientViTBlock\"]"));
        o.add("decoder_qkv_multiscales", JsonParser.parseString("[[], [], [], [5], [5]]"));
        assertMessage(o, "encoder_block_out_channels has 6 stages", "decoder_block_out_channels has 5");

        o = sana();
        o.addProperty("scaling_factor", -1);
        assertMessage(o, "scaling_factor", "-1", "positive");

        o = sana();
        o.addProperty("latent_channels", "32");
        assertMessage(o, "latent_channels", "\"32\"", "integer");

        assertThrows(IllegalArgumentException.class, () -> DcAeConfig.fromJson("{not json"));
        assertThrows(IllegalArgumentException.class, () -> DcAeConfig.fromJson("[1, 2]"));
    }

    @Test
    void weightsWithoutConfigMetadataGiveAClearError() throws Exception {
        try (SafetensorsFile noConfig = SafetensorsFile.open(TestFiles.golden(Golden.DCAE_CASES))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DcAeConfig.fromWeights(noConfig));
            assertTrue(e.getMessage().contains(Golden.DCAE_CASES) && e.getMessage().contains("__metadata__")
                    && e.getMessage().contains("config.json"), e.getMessage());
        }
    }

    private static JsonObject sana() {
        return JsonParser.parseString(SANA_1_1).getAsJsonObject();
    }

    private static void assertMessage(JsonObject config, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DcAeConfig.fromJson(config.toString()));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
        }
    }
}
