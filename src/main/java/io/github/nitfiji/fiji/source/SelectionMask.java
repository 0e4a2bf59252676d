package io.github.nitfiji.fiji.source;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.process.ImageProcessor;
import java.awt.Rectangle;

/** An image's selection as the mask of the area to regenerate. */
final class SelectionMask {
    private SelectionMask() {
    }

    /**
     * Width x height, row-major, true inside the area selection; null without a selection. Line
     * and point selections are refused: they enclose no area to regenerate.
     */
    static boolean[] of(ImagePlus imp) {
        Roi roi = imp.getRoi();
        if (roi == null) {
            return null;
        }
        if (!roi.isArea()) {
            throw new IllegalArgumentException("the selection on '" + imp.getTitle() + "' is a " + roi.getTypeAsString()
                    + " selection; regenerating needs an area (rectangle, oval, polygon, freehand) or none");
        }
        int w = imp.getWidth();
        int h = imp.getHeight();
        boolean[] mask = new boolean[w * h];
        Rectangle r = roi.getBounds();
        ImageProcessor inside = roi.getMask();
        for (int y = Math.max(0, r.y); y < Math.min(h, r.y + r.height); y++) {
            for (int x = Math.max(0, r.x); x < Math.min(w, r.x + r.width); x++) {
                mask[y * w + x] = inside == null || inside.get(x - r.x, y - r.y) != 0;
            }
        }
        return mask;
    }
}
