import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import io.github.nitfiji.model.dcae.DcAeEncoder;
import io.github.nitfiji.model.dcae.DcAeStages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.DoubleConsumer;

/**
 * Our DC-AE f32c32 (random weights, fp32, CPU) decode and encode at square sizes, per part, best of
 * N (after one warm-up at the first size only, to keep large sizes affordable), in the part names
 * of python/dcae_bench.py (its PyTorch twin). Run from the repo:
 *   java -Dai.djl.pytorch.num_threads=1 -cp target/nit-cli.jar src/bench/java/DcAeProfile.java 512,1024 2
 */
public final class DcAeProfile {
    public static void main(String[] args) throws Exception {
        String[] sizes = (args.length > 0 ? args[0] : "512").split(",");
        int repeat = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        DcAeConfig config = DcAeConfig.fromJson(ModelCatalog.bundled().require("dc-ae-f32c32-sana-1.1").config()
                .toString());
        try (DcAeDecoder decoder = DcAeDecoder.random(config, Device.cpu(), DataType.FLOAT32, 42);
             DcAeEncoder encoder = DcAeEncoder.random(config, Device.cpu(), DataType.FLOAT32, 42);
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            System.out.println("ours (DJL 0.36, libtorch 2.7.1), fp32, " + ai.djl.pytorch.jni.JniUtils.getNumThreads()
                    + " intra-op threads");
            for (String size : sizes) {
                int px = Integer.parseInt(size.trim());
                boolean warmUp = size.equals(sizes[0]);
                NDArray z = m.randomNormal(new Shape(1, config.latentChannels(), px / 32, px / 32));
                profile("ours DC-AE decode of " + px + "^2", DcAeDecoder.stepParts(config), repeat,
                        (r, steps) -> decoder.decodeProfiled(z, r, steps), m, warmUp);
                NDArray image = m.randomUniform(-1, 1, new Shape(1, config.inChannels(), px, px));
                profile("ours DC-AE encode of " + px + "^2", encoderParts(config.encoder()), repeat,
                        (r, steps) -> encoder.encodeProfiled(image, r, steps), m, warmUp);
                z.close();
                image.close();
            }
        }
    }

    private static void profile(String label, List<String> parts, int repeat,
                                BiFunction<NDManager, DoubleConsumer, NDArray> run, NDManager m, boolean warmUp) {
        if (warmUp) {
            run.apply(m, ms -> { }).close();
        }
        List<Double> best = null;
        for (int r = 0; r < repeat; r++) {
            List<Double> steps = new ArrayList<>();
            run.apply(m, steps::add).close();
            if (best == null || total(steps) < total(best)) {
                best = steps;
            }
        }
        double total = total(best);
        System.out.printf(Locale.ROOT, "%s: %.0f ms; by part:%n| part | ms | share |%n|---|---|---|%n", label, total);
        Map<String, Double> sums = new LinkedHashMap<>();
        for (int i = 0; i < best.size(); i++) {
            sums.merge(parts.get(i), best.get(i), Double::sum);
        }
        sums.forEach((part, ms) -> System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f %% |%n", part, ms,
                100 * ms / total));
    }

    private static double total(List<Double> steps) {
        return steps.stream().mapToDouble(Double::doubleValue).sum();
    }

    private static String stage(DcAeStages s, int i) {
        return "stage " + i + " (1/" + (1 << i) + " size, " + s.channels(i) + " ch, " + s.layers(i) + " x "
                + s.blockType(i).configName() + ")";
    }

    /** DcAeEncoder#encodeProfiled's step order. */
    private static List<String> encoderParts(DcAeStages s) {
        List<String> parts = new ArrayList<>(List.of("conv_in"));
        for (int i = 0; i < s.count(); i++) {
            for (int b = 0; b < s.layers(i); b++) {
                parts.add(stage(s, i));
            }
            if (i < s.count() - 1) {
                parts.add("down-sampling out of stage " + i);
            }
        }
        parts.add("conv_out");
        return parts;
    }
}
