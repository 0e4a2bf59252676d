package io.github.nitfiji.family.tim;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TimGolden;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.tim.TimTransformer;
import io.github.nitfiji.pipeline.LatentBatch;
import io.github.nitfiji.sampling.SamplingProgress;
import io.github.nitfiji.sampling.SeededNoise;
import io.github.nitfiji.sampling.TransitionMode;
import io.github.nitfiji.sampling.TransitionSettings;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TiM latents follow NiT's seed rules: image i from seed + i, independent of the rest of the batch. */
class TimSamplingTest {
    private static final LatentSize SIZE = new LatentSize(3, 4);
    private static TimTransformer model;

    @BeforeAll
    static void load() throws Exception {
        model = TimGolden.model(DataType.FLOAT32, AttentionKind.FUSED);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void eachImageDependsOnlyOnItsOwnSeed() {
        TransitionSettings s = new TransitionSettings(3, 2.0, 0, 1, TransitionMode.TRANSITION, 0.3);
        LatentBatch pair = sample(new int[] {207, 88}, 40, null, null, s);
        LatentBatch second = sample(new int[] {88}, 41, null, null, s);
        int perImage = SIZE.tokens() * model.config().inChannels;
        // equal up to the rounding of a batch of 2 versus 1 in the matrix products
        double err = Golden.relativeError(Arrays.copyOfRange(pair.values, perImage, 2 * perImage), second.values);
        assertTrue(err < 1e-5, "second image alone vs in the pair: " + err);
        assertArrayEquals(new long[] {40, 41}, pair.seeds);
    }

    @Test
    void seededNoiseIsTheDocumentedStream() {
        int perImage = SIZE.tokens() * model.config().inChannels;
        float[] noise = new float[perImage];
        new SeededNoise(7, SeededNoise.INITIAL).fill(noise, 0, perImage);
        TransitionSettings s = new TransitionSettings(2, 1.0, 0, 1, TransitionMode.TRANSITION, 0);
        LatentBatch seeded = sample(new int[] {5}, 7, null, null, s);
        LatentBatch supplied = sample(new int[] {5}, 999, noise, null, s);
        assertArrayEquals(seeded.values, supplied.values);
        assertArrayEquals(new long[] {-1}, supplied.seeds, "supplied noise is recorded as such");
    }

    @Test
    void suppliedInputsOfTheWrongSizeAreRefusedBeforeSampling() {
        TransitionSettings s = new TransitionSettings(4, 1.0, 0, 1, TransitionMode.TRANSITION, 0.2);
        int perImage = SIZE.tokens() * model.config().inChannels;
        IllegalArgumentException noise = assertThrows(IllegalArgumentException.class,
                () -> sample(new int[] {1}, 0, new float[perImage - 1], null, s));
        assertEquals("the supplied initial noise holds 95 values; 1 image(s) of 96 values need 96", noise.getMessage());
        IllegalArgumentException draws = assertThrows(IllegalArgumentException.class,
                () -> sample(new int[] {1}, 0, null, new float[3 * perImage], s));
        assertEquals("the supplied step noise holds 288 values; 4 step(s) x 1 image(s) of 96 values need 384",
                draws.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sample(new int[] {1001}, 0, null, null, s));
    }

    private static LatentBatch sample(int[] classes, long seed, float[] noise, float[] draws, TransitionSettings s) {
        return TimSampling.sample(model, new TimSampling.Inputs(classes, SIZE, seed, noise, draws), s,
                SamplingProgress.NONE, () -> false);
    }
}
