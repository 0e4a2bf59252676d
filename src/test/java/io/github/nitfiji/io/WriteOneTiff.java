package io.github.nitfiji.io;

import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/** Run in a child JVM by {@link TiffFilesTest} under a file size limit: writes a 3 MB float TIFF. */
public final class WriteOneTiff {
    private WriteOneTiff() {
    }

    public static void main(String[] args) {
        float[] plane = new float[512 * 512];
        try {
            TiffFiles.writeFloatChannels(Paths.get(args[0]), 512, 512, List.of(plane, plane, plane),
                    List.of("R", "G", "B"), "nit.prompt: x\n", Map.of("nit.prompt", "x"));
            System.out.println("written");
        } catch (Exception e) {
            System.out.println(e.getMessage());
        }
    }
}
