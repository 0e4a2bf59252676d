package io.github.nitfiji.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Noise -> official ODE sampler -> latent / scaling factor -> DC-AE decoder -> pixels, end to end. */
class PipelineGoldenTest {
    private static final String CASES = "dcae_tiny_cases.safetensors";
    private static Pipeline pipeline;

    @BeforeAll
    static void load() throws Exception {
        pipeline = TestPipelines.nit(TestFiles.golden("nit_tiny.safetensors"), TestFiles.golden("dcae_tiny.safetensors"));
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    static GenerationRequest e2eRequest() {
        return GenerationRequest.builder().classes(207).latentSize(new LatentSize(3, 4))
                .sampling(new SamplerSettings(SamplerKind.ODE, 10, 3.0, 0.0, 0.7))
                .noise(Golden.tensor(CASES, "e2e.noise")).build();
    }

    @Test
    void endToEndMatchesTheOfficialPipeline() throws Exception {
        GenerationResult result = pipeline.generate(e2eRequest(), GenerationProgress.NONE, () -> false);
        GeneratedImage image = result.images.get(0);
        assertEquals(128, image.width);
        assertEquals(96, image.height);
        double err = Golden.relativeError(image.planes, Golden.tensor(CASES, "e2e.image_f"));
        assertTrue(err < 1e-4, "image relative error " + err);

        int[] rgb = image.rgb();
        try (SafetensorsFile cases = SafetensorsFile.open(TestFiles.golden(CASES))) {
            ByteBuffer expected = cases.map("e2e.image_u8_hwc");
            int worst = 0;
            for (int p = 0; p < rgb.length; p++) {
                for (int c = 0; c < 3; c++) {
                    int ours = (rgb[p] >> (16 - 8 * c)) & 0xff;
                    int theirs = expected.get(3 * p + c) & 0xff;
                    worst = Math.max(worst, Math.abs(ours - theirs));
                }
            }
            assertTrue(worst <= 1, "every byte within 1 level, worst " + worst);
        }
    }

    @Test
    void exactSizesAreCentredCropsOfTheCoveringGrid() {
        GenerationRequest full = e2eRequest();
        GenerationRequest cropped = GenerationRequest.builder().classes(207).imageSize(100, 70)
                .sampling(full.sampling()).noise(Golden.tensor(CASES, "e2e.noise")).build();
        assertEquals(new LatentSize(3, 4), cropped.latentSize(), "ceil(70/32) x ceil(100/32)");
        GeneratedImage a = pipeline.generate(full, GenerationProgress.NONE, () -> false).images.get(0);
        GeneratedImage b = pipeline.generate(cropped, GenerationProgress.NONE, () -> false).images.get(0);
        assertEquals(100, b.width);
        assertEquals(70, b.height);
        assertEquals(14, b.cropX);
        assertEquals(13, b.cropY);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 70; y++) {
                for (int x = 0; x < 100; x++) {
                    assertEquals(a.planes[c * 96 * 128 + (y + 13) * 128 + x + 14], b.planes[c * 70 * 100 + y * 100 + x]);
                }
            }
        }
    }

    @Test
    void badSizesAreRefusedWithAClearMessage() {
        for (int[] wh : new int[][] {{0, 64}, {-5, 64}, {64, 8193}, {31, 64}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                    GenerationRequest.builder().imageSize(wh[0], wh[1]));
            assertTrue(e.getMessage().contains("32..8192"), e.getMessage());
        }
    }

    @Test
    void oversizedRequestsAreRefusedBeforeRunningWithWhatWouldFit() {
        GenerationRequest huge = GenerationRequest.builder().classes(207).imageSize(8192, 8192)
                .sampling(new SamplerSettings(SamplerKind.ODE, 1, 3.0, 0, 1)).build();
        MemoryPlan.MemoryBudgetException e = assertThrows(MemoryPlan.MemoryBudgetException.class,
                () -> MemoryPlan.check(pipeline, huge, 8L << 30, SettingNames.KEYS));
        assertTrue(e.getMessage().contains("fits up to about"), e.getMessage());
        GenerationRequest many = GenerationRequest.builder().classes(new int[64]).imageSize(1024, 1024)
                .sampling(new SamplerSettings(SamplerKind.ODE, 1, 3.0, 0, 1)).build();
        e = assertThrows(MemoryPlan.MemoryBudgetException.class, () -> MemoryPlan.check(pipeline, many, 2L << 30, SettingNames.KEYS));
        assertTrue(e.getMessage().contains("image(s) per request would fit"), e.getMessage());
    }
}
