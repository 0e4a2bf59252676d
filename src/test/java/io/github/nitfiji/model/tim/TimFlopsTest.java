package io.github.nitfiji.model.tim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The TiM multiply-add counter against a count done by hand on a one-block model. */
class TimFlopsTest {
    @Test
    void oneBlockByHand() {
        // hidden 8, 1 block, 2 heads, mlp ratio 3 (SwiGLU width int(24) * 2 / 3 = 16), 4 channels, LoRA 2
        TimConfig c = new TimConfig(8, 1, 2, 3.0, 1, 4, 10, true, true, 2, 0);
        double perToken = 3 * 64 + 64 + 3 * 8 * 16 + 2 * 4 * 8;  // qkv, proj, SwiGLU, embed + final linear
        double attention = 2 * 3 * 3 * 8;                       // q k^T and scores v, 3 tokens
        double perImage = 2 * 8 * 2 + 2 * 6 * 8 + 3 * 64;       // adaLN SwiGLU, the Δt shift of qkv
        assertEquals(2 * (3 * perToken + attention + perImage), TimFlops.forwardMacs(c, 3, 2));
        assertEquals(5152, TimFlops.forwardMacs(c, 3, 2));
    }

    @Test
    void xlAt512IsAboutAQuarterTeraFlopPerImage() {
        // 28 blocks x (4 x 1152^2 + 3 x 1152 x 3072) per token x 256 tokens, plus 4.2 G of attention
        double macs = TimFlops.forwardMacs(TimConfig.xl(), 256, 1);
        assertEquals(0.119e12, macs, 0.002e12);
    }
}
