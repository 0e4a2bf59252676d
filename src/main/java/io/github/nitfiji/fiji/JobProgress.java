package io.github.nitfiji.fiji;

import io.github.nitfiji.pipeline.GenerationProgress;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Turns sampling steps and decoded images into a progress fraction and a status line with the
 * time left, estimated from the steps so far (steps take equal time; decoding is a small share).
 */
public final class JobProgress implements GenerationProgress {
    /** Share of the progress bar for sampling; the rest is decoding. */
    static final double SAMPLING_SHARE = 0.9;

    private final JobFeedback feedback;
    private final LongSupplier nanoClock;
    private final long start;
    private long decodeStart = -1;

    JobProgress(JobFeedback feedback, LongSupplier nanoClock) {
        this.feedback = feedback;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    @Override
    public void sampling(int step, int steps) {
        double elapsed = seconds(start);
        double left = elapsed / step * (steps - step);
        feedback.progress(SAMPLING_SHARE * step / steps);
        if (step < steps) {
            feedback.status("NiT: step " + step + "/" + steps + ", " + timeLeft(left) + " (Esc cancels)");
        } else {
            decodeStart = nanoClock.getAsLong();
            feedback.status("NiT: decoding (Esc cancels)");
        }
    }

    @Override
    public void decoding(int image, int images) {
        if (decodeStart < 0) {
            decodeStart = start;
        }
        feedback.progress(SAMPLING_SHARE + (1 - SAMPLING_SHARE) * image / images);
        if (image < images) {
            double left = seconds(decodeStart) / image * (images - image);
            feedback.status("NiT: decoded image " + image + "/" + images + ", " + timeLeft(left) + " (Esc cancels)");
        }
    }

    private double seconds(long since) {
        return (nanoClock.getAsLong() - since) / 1e9;
    }

    /** "about 40 s left", "about 3:05 min left". */
    public static String timeLeft(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return "about " + s + " s left";
        }
        return String.format(Locale.ROOT, "about %d:%02d min left", s / 60, s % 60);
    }
}
