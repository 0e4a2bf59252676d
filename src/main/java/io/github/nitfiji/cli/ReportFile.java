package io.github.nitfiji.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.github.nitfiji.io.AtomicFiles;
import io.github.nitfiji.io.OutputPaths;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code --json} report of {@code bench} and {@code selftest}: its path is checked by the one
 * output rule before the run starts (a long benchmark never ends in "cannot write"), written
 * completely or not at all, and when writing still fails at the end (the disk filled up
 * meanwhile) the report goes to standard output instead, so the results are never lost.
 */
final class ReportFile {
    private ReportFile() {
    }

    /** Refuses a report path that cannot be written, before any work. */
    static void check(Path json) throws UsageException {
        if (json != null) {
            OutputFiles.check(List.of(new OutputPaths.Named("--json", json.toAbsolutePath())), List.of());
        }
    }

    /** Writes the report; on failure says why on {@code err} and prints it on {@code out}. Returns whether it was written. */
    static boolean write(Path json, JsonObject report, PrintStream out, PrintStream err) {
        if (json == null) {
            return true;
        }
        // equal decoders give an infinite PSNR: written as Infinity rather than failing the report
        byte[] text = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(report)
                .getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFiles.write(json, tmp -> Files.write(tmp, text));
            return true;
        } catch (IOException e) {
            err.println("nit: error: " + e.getMessage() + "; the report follows on standard output");
            out.println(new String(text, StandardCharsets.UTF_8));
            return false;
        }
    }
}
