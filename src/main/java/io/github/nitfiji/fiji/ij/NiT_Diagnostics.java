package io.github.nitfiji.fiji.ij;

import ij.IJ;
import ij.plugin.PlugIn;
import io.github.nitfiji.fiji.FijiDoor;
import io.github.nitfiji.selftest.Diagnostics;

/**
 * Plugins > NiT > NiT Diagnostics: engine, devices, CUDA, natives and models folders, memory,
 * written to the Log window (stdout when headless), ready to paste into a bug report.
 */
public class NiT_Diagnostics implements PlugIn {
    @Override
    public void run(String arg) {
        ClassLoader previous = FijiDoor.prepareThread(NiT_Diagnostics.class);
        try {
            IJ.showStatus("NiT: collecting diagnostics");
            IJ.log("--- NiT Diagnostics ---");
            for (String line : Diagnostics.report()) {
                IJ.log(line);
            }
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
            IJ.showStatus("");
        }
    }
}
