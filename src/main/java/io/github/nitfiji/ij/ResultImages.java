package io.github.nitfiji.ij;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import io.github.nitfiji.pipeline.GeneratedImage;
import io.github.nitfiji.pipeline.Provenance;
import java.util.Map;

/** Generated images as ImageJ images, with provenance as properties that survive TIFF saving. */
public final class ResultImages {
    private ResultImages() {
    }

    /** 8-bit RGB ({@code float32} false) or a 3-slice 32-bit R, G, B stack in [0, 1] (true). */
    public static ImagePlus single(GeneratedImage image, boolean float32, String title, Map<String, String> provenance) {
        ImagePlus imp;
        if (float32) {
            ImageStack stack = new ImageStack(image.width, image.height);
            String[] names = {"R", "G", "B"};
            for (int c = 0; c < 3; c++) {
                stack.addSlice(names[c], new FloatProcessor(image.width, image.height, image.unitChannel(c)));
            }
            imp = new ImagePlus(title, stack);
            imp.setDimensions(3, 1, 1);
        } else {
            imp = new ImagePlus(title, new ColorProcessor(image.width, image.height, image.rgb()));
        }
        stamp(imp, provenance);
        return imp;
    }

    /** Provenance as image properties ({@code setProp}, saved in TIFF) and in the Info text. */
    public static void stamp(ImagePlus imp, Map<String, String> provenance) {
        provenance.forEach(imp::setProp);
        imp.setProperty("Info", Provenance.asText(provenance));
    }
}
