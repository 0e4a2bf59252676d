package io.github.nitfiji.cli;

import ai.djl.Device;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.github.nitfiji.EnumIds;
import io.github.nitfiji.pipeline.DeviceChoice;
import io.github.nitfiji.pipeline.SelfTest;
import io.github.nitfiji.pipeline.SelfTestBench;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Set;

/** {@code nit selftest}: the packaged golden case and a short benchmark on one device. */
final class SelfTestCommand {
    static final String HELP = String.join("\n",
            "usage: java -jar nit-cli.jar selftest [options]",
            "",
            "  --device auto|cpu|gpu|gpu:N|mps   (default auto)",
            "  --bench full|quick|off   full: NiT-XL shape at 256/512/1024 px, batch 1 and 8 (default);",
            "                           quick: a 2-block model at 256 px (for CI); off: checks only",
            "  --json FILE              also write the report as JSON",
            "",
            "Runs with whatever libtorch DJL loads, including one named by PYTORCH_LIBRARY_PATH.",
            "Exit code 0 when every check passed, 1 otherwise.");

    private SelfTestCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Flags f = Flags.parse("selftest", args, 1, Set.of("device", "bench", "json"), Set.of("help"));
        if (f.has("help")) {
            out.println(HELP);
            return 0;
        }
        SelfTestBench.Size bench = EnumIds.parse(SelfTestBench.Size.class, f.get("bench", "full"), "bench");
        Device device = DeviceChoice.resolve(f.get("device", "auto"), msg -> err.println("nit: warning: " + msg));
        JsonObject report = SelfTest.run(device, bench, out::println);
        if (f.has("json")) {
            Files.write(Paths.get(f.get("json", null)),
                    new GsonBuilder().setPrettyPrinting().create().toJson(report).getBytes(StandardCharsets.UTF_8));
        }
        return report.get("passed").getAsBoolean() ? 0 : 1;
    }
}
