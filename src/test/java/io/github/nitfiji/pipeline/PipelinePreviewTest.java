package io.github.nitfiji.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Previews through the pipeline (issue 25 item 5), family-neutral: the listener says how often,
 * the pipeline decodes the sampler's estimate as it will decode the finished images (same size,
 * the first {@link Pipeline#PREVIEW_IMAGES}), and asking for previews changes no pixel.
 */
class PipelinePreviewTest {
    private static Pipeline pipeline;

    @BeforeAll
    static void load() throws Exception {
        pipeline = TestPipelines.nit(TestFiles.golden("nit_tiny.safetensors"), TestFiles.golden(Golden.DCAE_WEIGHTS));
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    private static final class Previews implements GenerationProgress {
        final int every;
        final List<String> told = new ArrayList<>();
        final List<List<GeneratedImage>> previews = new ArrayList<>();
        boolean askedOnCpu;

        Previews(int every) {
            this.every = every;
        }

        @Override
        public int previewEvery(boolean accelerator, int steps) {
            askedOnCpu = !accelerator;
            assertEquals(6, steps);
            return every;
        }

        @Override
        public void preview(int step, int steps, List<GeneratedImage> images) {
            told.add("preview " + step + "/" + steps);
            previews.add(images);
        }

        @Override
        public void sampling(int step, int steps) {
            told.add("step " + step);
        }
    }

    private static GenerationRequest request(int images) {
        int[] classes = new int[images];
        java.util.Arrays.fill(classes, 207);
        return GenerationRequest.builder().classes(classes).seed(4L).sampling(new SamplerSettings(SamplerKind.ODE, 6,
                2.0, 0.0, 0.7)).imageSize(70, 40).build();
    }

    @Test
    void previewsFollowTheCadenceAtTheRequestedSizeAndChangeNothing() {
        Previews previews = new Previews(2);
        GenerationResult withPreviews = pipeline.generate(request(5), previews, () -> false);
        assertTrue(previews.askedOnCpu);
        assertEquals(List.of("step 1", "preview 2/6", "step 2", "step 3", "preview 4/6", "step 4", "step 5", "step 6"),
                previews.told, "every 2 steps, never at the last");
        for (List<GeneratedImage> images : previews.previews) {
            assertEquals(Pipeline.PREVIEW_IMAGES, images.size(), "at most 4 of the 5 images");
            for (int i = 0; i < images.size(); i++) {
                assertEquals(70, images.get(i).width);
                assertEquals(40, images.get(i).height);
                assertEquals(4 + i, images.get(i).seed);
            }
        }
        assertFalse(java.util.Arrays.equals(previews.previews.get(1).get(0).planes, withPreviews.images.get(0).planes),
                "a preview is an estimate");
        GenerationResult without = pipeline.generate(request(5), GenerationProgress.NONE, () -> false);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(without.images.get(i).planes, withPreviews.images.get(i).planes, "image " + i);
        }
    }

    @Test
    void noPreviewIsDecodedUnlessAsked() {
        Previews none = new Previews(0);
        pipeline.generate(request(1), none, () -> false);
        assertTrue(none.previews.isEmpty());
    }
}
