package io.github.nitfiji.cli;

import ai.djl.Device;
import com.google.gson.JsonObject;
import io.github.nitfiji.EnumIds;
import io.github.nitfiji.pipeline.DeviceChoice;
import io.github.nitfiji.pipeline.SelfTest;
import io.github.nitfiji.pipeline.SelfTestBench;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code selftest [--device D] [--bench auto|full|quick|off] [--json FILE]}: the packaged golden case and
 * a short benchmark on one device. Exit codes: 0 every check passed, 1 a check failed, 2 usage.
 */
@Command(name = "selftest", usageHelpAutoWidth = false,
        description = {"Runs the golden end-to-end case packaged with the plugin on a device (FP32 against the CPU "
                + "tests' bar, FP16 within 1e-2 of FP32), then a short NiT-XL-shaped benchmark. Runs with whatever "
                + "libtorch DJL loads, including one named by PYTORCH_LIBRARY_PATH."})
final class SelfTestCommand implements Callable<Integer> {
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
        JsonObject report = SelfTest.run(chosen, size, out::println);
        boolean written = ReportFile.write(json, report, out, err);
        return report.get("passed").getAsBoolean() && written ? 0 : 1;
    }
}
