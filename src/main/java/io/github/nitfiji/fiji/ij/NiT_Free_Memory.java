package io.github.nitfiji.fiji.ij;

import ij.IJ;
import ij.plugin.PlugIn;
import io.github.nitfiji.pipeline.PipelineCache;

/**
 * Plugins > NiT > NiT Free Memory: closes the model that "NiT Generate..." keeps loaded between
 * runs, returning its memory (RAM or GPU) to the system. Waits for a running generation first.
 */
public class NiT_Free_Memory implements PlugIn {
    @Override
    public void run(String arg) {
        PipelineCache.Key freed = PipelineCache.shared().free(
                waiting -> IJ.showStatus("NiT: " + waiting + " before freeing memory (Esc cancels)"), IJ::escapePressed);
        String message = freed == null ? "NiT: no model was loaded" : "NiT: freed " + freed;
        System.gc();
        IJ.showStatus(message);
        IJ.log(message);
    }
}
