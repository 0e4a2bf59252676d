package io.github.nitfiji.model.dcae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TileAxisTest {
    @Test
    void shortAxesAreOneTile() {
        TileAxis a = new TileAxis(5, 8, 2, 32);
        assertEquals(1, a.count());
        assertEquals(5, a.size());
        for (float w : a.weights(0)) {
            assertEquals(1f, w);
        }
    }

    @Test
    void tilesCoverTheAxisEvenlyWithAtLeastTheOverlap() {
        for (int length = 9; length <= 140; length++) {
            TileAxis a = new TileAxis(length, 8, 3, 1);
            assertEquals(0, a.start(0));
            assertEquals(length, a.start(a.count() - 1) + a.size());
            for (int k = 1; k < a.count(); k++) {
                int overlap = a.start(k - 1) + a.size() - a.start(k);
                assertTrue(overlap >= 3 && overlap < 8, "length " + length + " overlap " + overlap);
            }
        }
    }

    /** Neighbouring ramps are mirror images: the weights of all tiles add up to 1 everywhere. */
    @Test
    void weightsFormAPartitionOfUnity() {
        int scale = 32;
        for (int[] c : new int[][] {{128, 32, 4}, {20, 8, 3}, {37, 10, 2}, {9, 8, 0}}) {
            TileAxis a = new TileAxis(c[0], c[1], c[2], scale);
            double[] sum = new double[c[0] * scale];
            for (int k = 0; k < a.count(); k++) {
                float[] w = a.weights(k);
                for (int p = 0; p < w.length; p++) {
                    assertTrue(w[p] > 0 && w[p] <= 1);
                    sum[a.start(k) * scale + p] += w[p];
                }
            }
            for (double s : sum) {
                assertEquals(1, s, 1e-6, "length " + c[0] + " tile " + c[1]);
            }
        }
    }

    @Test
    void rejectsOverlapsNotBelowTheTile() {
        assertThrows(IllegalArgumentException.class, () -> new TileAxis(20, 8, 8, 32));
        assertThrows(IllegalArgumentException.class, () -> new TileAxis(20, 0, 0, 32));
    }
}
