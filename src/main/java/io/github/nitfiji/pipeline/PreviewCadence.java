package io.github.nitfiji.pipeline;

import java.util.Locale;

/**
 * When previews are shown: every N sampling steps, never at the last (the finished image follows
 * at once). The person's choice is "auto", "off" or a number N; auto shows previews on a GPU
 * (about eight per run, a decode there takes a fraction of a second) and none on the CPU, where
 * each preview costs a full decode per image (seconds: see docs/performance.md).
 */
public final class PreviewCadence {
    /** The choice that picks by device. */
    public static final String AUTO = "auto";
    public static final String OFF = "off";
    /** Previews per run that auto aims at on a GPU. */
    static final int AUTO_PREVIEWS = 8;

    private PreviewCadence() {
    }

    /**
     * Every how many steps a preview is shown (0: never).
     *
     * @param choice "auto", "off" (or "0"), or a whole number of steps
     * @param accelerator whether the model runs on a GPU (CUDA or MPS)
     * @throws IllegalArgumentException for any other choice, naming it
     */
    public static int every(String choice, boolean accelerator, int steps) {
        String c = choice == null ? AUTO : choice.trim().toLowerCase(Locale.ROOT);
        if (c.isEmpty() || c.equals(AUTO)) {
            return accelerator ? Math.max(1, (int) Math.ceil((double) steps / AUTO_PREVIEWS)) : 0;
        }
        if (c.equals(OFF)) {
            return 0;
        }
        try {
            int n = Integer.parseInt(c);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("previews '" + choice.trim() + "' is unknown; use auto, off or a number"
                + " of steps (e.g. 5)");
    }

    /** Whether a preview follows step {@code step} (1..steps) at a cadence of {@code every}. */
    public static boolean at(int step, int steps, int every) {
        return every > 0 && step < steps && step % every == 0;
    }
}
