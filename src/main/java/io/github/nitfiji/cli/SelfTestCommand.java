package io.github.nitfiji.cli;

import ai.djl.Device;
import com.google.gson.JsonObject;
import io.github.nitfiji.EnumIds;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.runtime.DeviceChoice;
import io.github.nitfiji.runtime.EngineSetup;
import io.github.nitfiji.selftest.DecoderComparison;
import io.github.nitfiji.selftest.SelfTest;
import io.github.nitfiji.selftest.SelfTestBench;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code selftest [--device D] [--bench auto|full|quick|off] [--json FILE]}: the packaged golden case and
 * a short benchmark on one device. Exit codes: 0 every check passed, 1 a check failed, 2 usage.
 * {@code selftest --decoders [REF,OTHER]} compares two decoders on sampled latents instead.
 */
@Command(name = "selftest", usageHelpAutoWidth = false,
        description = {"Runs the golden end-to-end case packaged with the plugin on a device (FP32 against the CPU "
                + "tests' bar, FP16 within 1e-2 of FP32), then a short NiT-XL-shaped benchmark. Runs with whatever "
                + "libtorch DJL loads, including one named by PYTORCH_LIBRARY_PATH."})
final class SelfTestCommand implements Callable<Integer> {
    static final String DEFAULT_DECODERS = "dc-ae-f32c32-sana-1.1,dc-ae-lite-f32c32-sana-1.1";
    private static final String[] GENERATORS = {"tim-c2i-512", "nit-xl-1000k", "nit-xl-1500k"};

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = "--device", paramLabel = "D", description = "auto, cpu, gpu, gpu:N or mps (default auto).")
    String device = "auto";
    @Option(names = "--bench", paramLabel = "SIZE", description = "auto (default): full on a GPU, quick on the CPU; "
            + "full: NiT-XL shape at 256/512/1024 px, batch 1 and 8 (over 15 minutes on a 2-core CPU); quick: a "
            + "2-block model at 256 px; off: checks only.")
    String bench = "auto";
    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON.")
    Path json;
    @Option(names = "--decoders", arity = "0..1", paramLabel = "REF,OTHER", fallbackValue = DEFAULT_DECODERS,
            description = "Instead of the checks: decode a few sampled latents with two installed decoders of the"
                    + " same latent space and report PSNR/SSIM of the second against the first (default "
                    + DEFAULT_DECODERS + ").")
    String decoders;
    @Option(names = "--decoder-model", paramLabel = "ID", description = "The generator whose latents are decoded"
            + " (default: the first installed of " + "tim-c2i-512, nit-xl-1000k, nit-xl-1500k).")
    String decoderModel;
    @Option(names = "--decoder-samples", paramLabel = "N", description = "Latents to compare (default 3).")
    int decoderSamples = 3;
    @Option(names = "--decoder-size", paramLabel = "PX", description = "Image size (default 512).")
    int decoderSize = 512;
    @Option(names = "--decoder-steps", paramLabel = "N", description = "Sampler steps (default 4 for TiM, 25 for NiT).")
    Integer decoderSteps;

    private final PrintStream out;
    private final PrintStream err;

    private SelfTestCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        return Picocli.run(new SelfTestCommand(out, err), Picocli.after("selftest", args), out,
                reason -> err.println("selftest: " + reason + " (see selftest --help)"));
    }

    @Override
    public Integer call() throws Exception {
        SelfTestBench.Size size = EnumIds.parse(SelfTestBench.Size.class, bench, "--bench");
        DeviceChoice.check(device, "--device");
        ReportFile.check(json);
        Device chosen = DeviceChoice.resolve(device, msg -> err.println("nit: warning: " + msg));
        if (decoders != null) {
            return compareDecoders(chosen);
        }
        JsonObject report = SelfTest.run(chosen, size, out::println);
        boolean written = ReportFile.write(json, report, out, err);
        return report.get("passed").getAsBoolean() && written ? 0 : 1;
    }

    /** {@code --decoders}: 0 when compared, also 0 (with what to install) when something is missing. */
    private int compareDecoders(Device chosen) throws Exception {
        String[] ids = decoders.split(",");
        if (ids.length != 2 || ids[0].isBlank() || ids[1].isBlank()) {
            throw new UsageException("--decoders takes two decoder ids separated by a comma, e.g. "
                    + DEFAULT_DECODERS + "; got '" + decoders + "'");
        }
        EngineSetup.offlineByDefault();
        ModelStore store = ModelStore.openDefault();
        String model = decoderModel != null ? decoderModel : firstInstalled(store);
        if (model == null) {
            out.println("decoders: skipped, no generator is installed to sample latents with (install one of "
                    + String.join(", ", GENERATORS) + ": models download tim-c2i-512)");
            return 0;
        }
        int steps = decoderSteps != null ? decoderSteps : 0; // 0: the generator's own fast preset
        DecoderComparison.Settings settings;
        try {
            settings = new DecoderComparison.Settings(model, ids[0].trim(), ids[1].trim(), decoderSize,
                    decoderSamples, steps);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        JsonObject report;
        try {
            report = DecoderComparison.run(store, settings, chosen, out::println);
        } catch (ModelException e) {
            if (e.reason() != ModelException.Reason.NOT_INSTALLED) {
                throw e;
            }
            out.println("decoders: skipped, " + e.getMessage());
            return 0;
        }
        return ReportFile.write(json, report, out, err) ? 0 : 1;
    }

    private static String firstInstalled(ModelStore store) {
        for (String id : GENERATORS) {
            try {
                store.weightsPath(id);
                return id;
            } catch (ModelException e) {
                // not installed (or no such card): try the next
            }
        }
        return null;
    }
}
