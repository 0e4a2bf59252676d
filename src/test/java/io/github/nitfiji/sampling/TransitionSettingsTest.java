package io.github.nitfiji.sampling;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Settings TiM's sampler refuses, each with a message naming the value and the valid range. */
class TransitionSettingsTest {
    @Test
    void stepsBelowOneAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TransitionSettings(0, 1, 0, 1, TransitionMode.TRANSITION, 0));
        assertEquals("steps must be at least 1, found 0", e.getMessage());
    }

    @Test
    void stochasticityOutsideZeroToOneIsRefused() {
        for (double s : new double[] {-0.1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new TransitionSettings(4, 1, 0, 1, TransitionMode.TRANSITION, s));
            assertEquals("stochasticity must be in [0, 1] (0 = deterministic), found " + s, e.getMessage());
        }
        assertEquals(1.0, new TransitionSettings(4, 1, 0, 1, TransitionMode.TRANSITION, 1).stochasticity);
    }

    @Test
    void unknownModeNamesTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransitionMode.parse("diffusion"));
        assertEquals("TiM mode 'diffusion' is unknown; use transition or ddiffusion", e.getMessage());
        assertEquals(TransitionMode.DDIFFUSION, TransitionMode.parse(" DDiffusion "));
    }

    @Test
    void guidanceGateIsStrictOnBothEnds() {
        TransitionSettings s = new TransitionSettings(250, 3.0, 0, 0.7, TransitionMode.TRANSITION, 0.2);
        assertFalse(s.guidedAt(0.7));
        assertTrue(s.guidedAt(0.696));
        assertFalse(s.guidedAt(0.0));
        assertFalse(new TransitionSettings(1, 3.0, 0, 1, TransitionMode.TRANSITION, 0).guidedAt(1.0));
        assertFalse(new TransitionSettings(4, 1.0, 0, 1, TransitionMode.TRANSITION, 0).guidedAt(0.5));
    }

    @Test
    void gridIsPyTorchsLinspace() {
        double[] t = new TransitionSettings(6, 1, 0, 1, TransitionMode.TRANSITION, 0).timeGrid();
        // torch.linspace(1, 0, 7, dtype=float64): the second half is counted back from 0
        assertArrayEquals(new double[] {1.0, 0.8333333333333334, 0.6666666666666667, 0.5, 0.3333333333333333,
            0.16666666666666666, 0.0}, t, 0.0);
        assertArrayEquals(new double[] {1.0, 0.0},
                new TransitionSettings(1, 1, 0, 1, TransitionMode.TRANSITION, 0).timeGrid(), 0.0);
    }
}
