package io.github.nitfiji.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.pipeline.MemoryUse;
import java.io.PrintStream;

/** Decode speed of the real DC-AE f32c32 architecture (from its model card) with random weights. */
final class DecodeTiming {
    static final String DECODER = "dc-ae-f32c32-sana-1.1";

    private DecodeTiming() {
    }

    static JsonArray measure(int[] sizes, Device device, DataType precision, int repeat, PrintStream out)
            throws ModelException {
        DcAeConfig config = DcAeConfig.fromJson(ModelCatalog.bundled().require(DECODER).config().toString());
        JsonArray rows = new JsonArray();
        out.println();
        out.println("DC-AE " + DECODER + " decode (random weights), " + device + ", " + precision);
        out.println("| size | ms/decode (best) | ms per megapixel | peak RSS MB |");
        out.println("|---|---|---|---|");
        try (DcAeDecoder decoder = DcAeDecoder.random(config, device, precision, 42);
             NDManager m = NDManager.newBaseManager(device)) {
            int f = config.spatialCompression();
            for (int px : sizes) {
                NDArray z = m.randomNormal(new Shape(1, config.latentChannels(), px / f, px / f));
                decoder.decode(z, m).close(); // warm-up
                double best = Double.MAX_VALUE;
                for (int r = 0; r < repeat; r++) {
                    long start = System.nanoTime();
                    try (NDArray image = decoder.decode(z, m)) {
                        image.get(0, 0, 0, 0).toFloatArray(); // waits for the device
                    }
                    best = Math.min(best, (System.nanoTime() - start) / 1e6);
                }
                double perMegapixel = best / ((double) px * px / 1e6);
                JsonObject row = new JsonObject();
                row.addProperty("size", px);
                row.addProperty("ms_per_decode", best);
                row.addProperty("ms_per_megapixel", perMegapixel);
                row.addProperty("peak_rss_mb", MemoryUse.peakResidentBytes() / 1e6);
                rows.add(row);
                out.printf("| %d^2 | %.0f | %.0f | %.0f |%n", px, best, perMegapixel, row.get("peak_rss_mb").getAsDouble());
            }
        }
        return rows;
    }
}
