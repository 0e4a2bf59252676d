package io.github.nitfiji.fiji;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.LUT;
import io.github.nitfiji.pipeline.GeneratedImage;
import io.github.nitfiji.pipeline.Provenance;
import java.awt.Color;
import java.util.List;
import java.util.Map;

/** Generated images as an ImageJ stack, with provenance as properties that survive TIFF saving. */
public final class ResultImages {
    private static final String[] CHANNELS = {"R", "G", "B"};
    private static final Color[] COLORS = {Color.RED, Color.GREEN, Color.BLUE};

    private ResultImages() {
    }

    /**
     * All images of a request as one stack: one 8-bit RGB slice per image, or ({@code float32})
     * a composite hyperstack of 3 channels (R, G, B in [0, 1]) x one slice per image. Slice labels
     * read "class | seed 42" ("class | seed 42 | R" for channels).
     */
    public static ImagePlus stack(List<GeneratedImage> images, boolean float32, String title, String className,
                                  Map<String, String> provenance) {
        GeneratedImage first = images.get(0);
        ImageStack stack = new ImageStack(first.width, first.height);
        for (GeneratedImage image : images) {
            String label = sliceLabel(className, image.seed);
            if (float32) {
                for (int c = 0; c < 3; c++) {
                    stack.addSlice(label + " | " + CHANNELS[c],
                            new FloatProcessor(image.width, image.height, image.unitChannel(c)));
                }
            } else {
                stack.addSlice(label, new ColorProcessor(image.width, image.height, image.rgb()));
            }
        }
        ImagePlus imp = new ImagePlus(title, stack);
        if (float32) {
            imp.setDimensions(3, images.size(), 1);
            imp = composite(imp);
        }
        stamp(imp, provenance);
        return imp;
    }

    /** "golden retriever | seed 42". */
    public static String sliceLabel(String className, long seed) {
        return className + " | seed " + seed;
    }

    private static ImagePlus composite(ImagePlus imp) {
        CompositeImage composite = new CompositeImage(imp, IJ.COMPOSITE);
        LUT[] luts = new LUT[3];
        for (int c = 0; c < 3; c++) {
            luts[c] = LUT.createLutFromColor(COLORS[c]);
            luts[c].min = 0;
            luts[c].max = 1;
        }
        composite.setLuts(luts);
        composite.setOpenAsHyperStack(true);
        return composite;
    }

    /**
     * Provenance as image properties ({@code setProp}, saved in TIFF; {@code Property.get("nit.seed")}
     * in a macro) and in the Info text, which Image > Show Info shows in full and in order. ImageJ's
     * Show Info would also list the properties, unordered and with long values such as
     * {@code nit.command} cut to "&lt;207 characters&gt;"; the "HideInfo" property turns that list off.
     */
    public static void stamp(ImagePlus imp, Map<String, String> provenance) {
        provenance.forEach(imp::setProp);
        imp.setProp("HideInfo", "true");
        imp.setProperty("Info", Provenance.asText(provenance));
    }
}
