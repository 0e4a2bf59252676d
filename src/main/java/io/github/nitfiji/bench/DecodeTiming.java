package io.github.nitfiji.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import io.github.nitfiji.runtime.MemoryUse;
import java.util.ArrayList;
import java.util.List;

/** Decode speed of the real DC-AE f32c32 architecture (from its model card) with random weights. */
public final class DecodeTiming {
    public static final String DECODER = "dc-ae-f32c32-sana-1.1";

    public final int pixels;
    /** The best of the timed decodes. */
    public final double msPerDecode;
    public final double peakResidentMb;

    private DecodeTiming(int pixels, double msPerDecode, double peakResidentMb) {
        this.pixels = pixels;
        this.msPerDecode = msPerDecode;
        this.peakResidentMb = peakResidentMb;
    }

    public double msPerMegapixel() {
        return msPerDecode / ((double) pixels * pixels / 1e6);
    }

    /** Times {@code repeat} decodes of each square size after one warm-up. */
    public static List<DecodeTiming> measure(int[] sizes, Device device, DataType precision, int repeat)
            throws ModelException {
        DcAeConfig config = DcAeConfig.fromJson(ModelCatalog.bundled().require(DECODER).config().toString());
        List<DecodeTiming> rows = new ArrayList<>();
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
                rows.add(new DecodeTiming(px, best, MemoryUse.peakResidentBytes() / 1e6));
            }
        }
        return rows;
    }
}
