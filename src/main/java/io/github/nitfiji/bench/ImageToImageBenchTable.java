package io.github.nitfiji.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.runtime.Precision;
import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code bench --img2img-sizes}: the {@link ImageToImageTiming} table. Each phase is told on
 * stderr and each row printed as soon as its size is measured; a run stopped from outside says in
 * which phase it was.
 */
public final class ImageToImageBenchTable {
    private ImageToImageBenchTable() {
    }

    /** Prints the table (rows as they are measured, phases on {@code err}) and returns its JSON rows. */
    public static JsonArray print(int[] px, NitConfig config, Device dev, DataType type, AttentionKind kind,
                           PrintStream out, PrintStream err) throws Exception {
        for (int size : px) {
            if (size < 32) {
                throw new IllegalArgumentException("--img2img-sizes must be at least 32 pixels, found " + size);
            }
        }
        out.println();
        out.printf(Locale.ROOT, "image-to-image (random weights, depth %d), %s, %s: encode and decode measured, "
                + "ms/step the mean of %d CFG steps; total composed for strength %.1f of ODE %d steps, CFG 3.0 "
                + "(%d steps run), not run%n", config.depth, dev, Precision.id(type), ImageToImageTiming.TIMED_STEPS,
                ImageToImageTiming.STRENGTH, ImageToImageTiming.SAMPLER.steps, ImageToImageTiming.stepsAtStrength());
        out.println("| size | encode s | ms/step (CFG) | decode s | composed total s | encode / decode | peak RSS MB |");
        out.println("|---|---|---|---|---|---|---|");
        JsonArray rows = new JsonArray();
        // a run stopped from outside (timeout, Ctrl-C) says where it was instead of ending silently
        String[] phase = {"starting"};
        long start = System.nanoTime();
        Thread stopped = new Thread(() -> err.printf(Locale.ROOT, "nit: bench stopped during image-to-image %s "
                + "(after %.0f s); the rows above are complete%n", phase[0], (System.nanoTime() - start) / 1e9));
        Runtime.getRuntime().addShutdownHook(stopped);
        try {
            ImageToImageTiming.measure(px, config, dev, type, kind, msg -> err.println("nit: warning: " + msg),
                    new ImageToImageTiming.Listener() {
                        @Override
                        public void phase(String what) {
                            phase[0] = what;
                            err.println("nit: bench: " + what);
                        }

                        @Override
                        public void measured(ImageToImageTiming t) {
                            rows.add(json(t));
                            out.printf(Locale.ROOT, "| %d^2 | %.2f | %.0f | %.2f | %.1f | %s / %s | %.0f |%n",
                                    t.pixels, t.encodeSeconds, t.msPerStep, t.decodeSeconds, t.composedSeconds(),
                                    t.encodeTiled ? "tiled" : "whole", t.decodeTiled ? "tiled" : "whole",
                                    t.peakResidentMb);
                        }
                    });
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopped);
        }
        return rows;
    }

    private static JsonObject json(ImageToImageTiming t) {
        JsonObject row = new JsonObject();
        row.addProperty("size", t.pixels);
        row.addProperty("encode_s", t.encodeSeconds);
        row.addProperty("ms_per_step", t.msPerStep);
        row.addProperty("steps_timed", ImageToImageTiming.TIMED_STEPS);
        row.addProperty("decode_s", t.decodeSeconds);
        row.addProperty("composed_total_s", t.composedSeconds());
        row.addProperty("composed_steps", ImageToImageTiming.stepsAtStrength());
        row.addProperty("encode_tiled", t.encodeTiled);
        row.addProperty("decode_tiled", t.decodeTiled);
        row.addProperty("peak_rss_mb", t.peakResidentMb);
        return row;
    }
}
