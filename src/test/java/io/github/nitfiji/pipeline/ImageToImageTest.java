package io.github.nitfiji.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import io.github.nitfiji.model.dcae.DcAeEncoder;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import io.github.nitfiji.source.SelectionBlend;
import io.github.nitfiji.source.SourceEncoding;
import io.github.nitfiji.source.SourceImage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Starting from an image with the tiny golden NiT and DC-AE: the strength identities, selections, bad input. */
class ImageToImageTest {
    private static final int W = 100;
    private static final int H = 70;
    private static final SamplerSettings ODE = new SamplerSettings(SamplerKind.ODE, 6, 2.0, 0.0, 0.7);
    private static Pipeline pipeline;

    @BeforeAll
    static void load() throws Exception {
        pipeline = TestPipelines.nit(TestFiles.golden("nit_tiny.safetensors"), TestFiles.golden(Golden.DCAE_WEIGHTS));
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    /** A smooth colour pattern with an edge, on the 8-bit level grid. */
    static SourceImage pattern(int w, int h, boolean[] selection) {
        float[] planes = new float[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                planes[i] = SourceImage.unit((x * 255) / (w - 1));
                planes[w * h + i] = SourceImage.unit(x > w / 2 ? 200 : 30);
                planes[2 * w * h + i] = SourceImage.unit((y * 7 + x * 3) % 256);
            }
        }
        return new SourceImage(w, h, planes, selection, "pattern", "0", "");
    }

    private static GenerationRequest.Builder request(SourceImage source, Double strength) {
        return GenerationRequest.builder().classes(207, 88).seed(11L).sampling(ODE).source(source).strength(strength);
    }

    @Test
    void strengthOneIsTextToImageExactly() {
        GenerationResult fromImage = pipeline.generate(request(pattern(W, H, null), 1.0).build(),
                GenerationProgress.NONE, () -> false);
        GenerationResult fromNoise = pipeline.generate(GenerationRequest.builder().classes(207, 88).seed(11L)
                .sampling(ODE).imageSize(W, H).build(), GenerationProgress.NONE, () -> false);
        assertArrayEquals(fromNoise.latents.values, fromImage.latents.values);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(fromNoise.images.get(i).planes, fromImage.images.get(i).planes);
            assertEquals(11 + i, fromImage.images.get(i).seed, "variation i has seed + i");
        }
    }

    @Test
    void strengthZeroIsDecodeOfEncodeWithNoStep() throws Exception {
        SourceImage source = pattern(W, H, null);
        AtomicInteger samplingSteps = new AtomicInteger();
        GenerationRequest r = request(source, 0.0).build();
        assertEquals(0, r.stepsRun());
        GenerationResult result = pipeline.generate(r, new GenerationProgress() {
            @Override
            public void sampling(int done, int total) {
                samplingSteps.incrementAndGet();
            }

            @Override
            public void decoding(int done, int total) {
            }
        }, () -> false);
        assertEquals(0, samplingSteps.get(), "no sampling step runs at strength 0");

        // independently: pad by reflection (numpy's rule) around the centre, encode, decode, crop
        float[] expected;
        try (SafetensorsFile f = Golden.dcaeWeights();
             DcAeEncoder encoder = DcAeEncoder.load(DcAeConfig.fromWeights(f), f, Device.cpu(), DataType.FLOAT32);
             DcAeDecoder decoder = DcAeDecoder.load(DcAeConfig.fromWeights(f), f, Device.cpu(), DataType.FLOAT32);
             NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            float[] padded = new float[3 * 96 * 128];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 96; y++) {
                    for (int x = 0; x < 128; x++) {
                        int sy = Math.abs(y - 13);
                        sy = sy >= H ? 2 * (H - 1) - sy : sy;
                        int sx = Math.abs(x - 14);
                        sx = sx >= W ? 2 * (W - 1) - sx : sx;
                        padded[(c * 96 + y) * 128 + x] = source.planes()[(c * H + sy) * W + sx];
                    }
                }
            }
            double sf = encoder.config().scalingFactor();
            NDArray z = encoder.encode(m.create(padded, new Shape(1, 3, 96, 128)), m).mul(sf).div(sf);
            expected = decoder.decode(z, m).get(new NDIndex("0, :, 13:83, 14:114")).toFloatArray();
        }
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(expected, result.images.get(i).planes);
        }
    }

    @Test
    void aSelectionKeepsTheSourceOutsideExactly() {
        boolean[] selection = new boolean[W * H];
        for (int y = 20; y < 40; y++) {
            for (int x = 40; x < 60; x++) {
                selection[y * W + x] = true;
            }
        }
        SourceImage source = pattern(W, H, selection);
        GenerationResult result = pipeline.generate(request(source, 0.8).build(), GenerationProgress.NONE, () -> false);
        float[] x0 = pipeline.encodeSource(source);
        LatentSize grid = result.request.latentSize();
        boolean[] kept = SourceEncoding.keptTokens(source, grid);
        int keptCount = 0;
        for (int image = 0; image < 2; image++) {
            int base = image * x0.length;
            for (int token = 0; token < grid.tokens(); token++) {
                for (int c = 0; c < 32; c++) {
                    int k = token * 32 + c;
                    if (kept[token]) {
                        assertEquals(x0[k], result.latents.values[base + k], "kept latent exactly the source's");
                    }
                }
                keptCount += kept[token] ? 1 : 0;
            }
        }
        assertTrue(keptCount > 0 && keptCount < 2 * grid.tokens());
        float[] weights = SelectionBlend.weights(selection, W, H);
        for (GeneratedImage image : result.images) {
            int changed = 0;
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < W * H; i++) {
                    int k = c * W * H + i;
                    if (weights[i] == 0) {
                        assertEquals(source.planes()[k], image.planes[k], "outside the feather band");
                    } else if (selection[i] && image.planes[k] != source.planes()[k]) {
                        changed++;
                    }
                }
            }
            assertTrue(changed > 0, "the selection was regenerated");
            int[] rgb = image.rgb();
            assertEquals(0, rgb[0] >> 16 & 0xff, "8-bit levels survive: the top-left red level is 0");
            assertEquals(255, rgb[W - 1] >> 16 & 0xff, "and the top-right one 255");
        }
    }

    @Test
    void featherFallsFromOneToZeroOverTheBand() {
        boolean[] selection = new boolean[64 * 64];
        selection[32 * 64 + 32] = true;
        float[] w = SelectionBlend.weights(selection, 64, 64);
        assertEquals(1f, w[32 * 64 + 32]);
        assertTrue(w[32 * 64 + 40] > 0 && w[32 * 64 + 40] < 1);
        assertEquals(0f, w[32 * 64 + 32 + SelectionBlend.FEATHER_PX]);
        assertEquals(0f, w[0]);
    }

    @Test
    void refineResamplesTheSourceToTheTarget() {
        GenerationRequest r = GenerationRequest.builder().classes(207).seed(3L).sampling(ODE)
                .source(pattern(W, H, null)).refineTo(150, 105).build();
        assertEquals(150, r.width());
        assertEquals(105, r.height());
        assertEquals(GenerationRequest.DEFAULT_REFINE_STRENGTH, r.strength());
        assertEquals(new LatentSize(4, 5), r.latentSize());
        GeneratedImage image = pipeline.generate(r, GenerationProgress.NONE, () -> false).images.get(0);
        assertEquals(150, image.width);
        assertEquals(105, image.height);
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        for (double bad : new double[] {-0.1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> request(pattern(W, H, null), bad).build());
            assertTrue(e.getMessage().contains("outside 0..1"), e.getMessage());
        }
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> pattern(31, 64, null));
        assertTrue(small.getMessage().contains("32..8192 px"), small.getMessage());
        IllegalArgumentException mask = assertThrows(IllegalArgumentException.class,
                () -> pattern(W, H, new boolean[W * (H - 1)]));
        assertTrue(mask.getMessage().contains("exact size"), mask.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> pattern(W, H, new boolean[W * H]));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        float[] nan = new float[3 * 32 * 32];
        nan[5] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> new SourceImage(32, 32, nan, null, "n", "0", ""));
        IllegalArgumentException noSource = assertThrows(IllegalArgumentException.class,
                () -> GenerationRequest.builder().classes(1).sampling(ODE).imageSize(64, 64).strength(0.5).build());
        assertTrue(noSource.getMessage().contains("source"), noSource.getMessage());
        boolean[] some = new boolean[W * H];
        some[0] = true;
        assertThrows(IllegalArgumentException.class, () -> GenerationRequest.builder().classes(1).sampling(ODE)
                .source(pattern(W, H, some)).refineTo(200, 140).build());
    }
}
