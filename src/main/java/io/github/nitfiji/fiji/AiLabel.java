package io.github.nitfiji.fiji;

import ij.process.ImageProcessor;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Rectangle;

/**
 * The visible "AI-generated (NiT)" label that "NiT Save..." can burn into a copy of an image, for
 * journals and slides where metadata gets lost: white text on a black box at the lower left,
 * sized to the image. Only the box's pixels change.
 */
public final class AiLabel {
    public static final String TEXT = "AI-generated (NiT)";
    private static final int MARGIN = 2;
    private static final int PADDING = 2;
    private static final int SMALLEST_FONT = 6;

    private AiLabel() {
    }

    /** Where the label goes in an image of this size (clipped to the image when it is tiny). */
    public static Rectangle bounds(int width, int height) {
        return layout(width, height).box;
    }

    /**
     * Burns the label into {@code ip}: black/white for RGB; the display range's minimum/maximum
     * for grey and float data (NiT's float channels: 0 and 1).
     */
    public static void burnInto(ImageProcessor ip) {
        Layout l = layout(ip.getWidth(), ip.getHeight());
        if (l.box.isEmpty()) {
            return;
        }
        ImageProcessor label = ip.createProcessor(l.box.width, l.box.height);
        boolean rgb = ip.getBitDepth() == 24;
        label.setColor(java.awt.Color.BLACK);
        if (!rgb) {
            label.setValue(ip.getMin());
        }
        label.fill();
        label.setFont(l.font);
        label.setAntialiasedText(rgb);
        label.setColor(java.awt.Color.WHITE);
        if (!rgb) {
            label.setValue(ip.getMax());
        }
        label.drawString(TEXT, PADDING, PADDING + l.ascent);
        ip.insert(label, l.box.x, l.box.y);
    }

    /** The font and box: the largest font up to 1/28 of the shorter side whose text fits across the image. */
    private static Layout layout(int width, int height) {
        int size = Math.max(SMALLEST_FONT, Math.min(width, height) / 28);
        ImageProcessor probe = new ij.process.ByteProcessor(1, 1);
        while (true) {
            Font font = new Font(Font.SANS_SERIF, Font.PLAIN, size);
            probe.setFont(font);
            FontMetrics m = probe.getFontMetrics();
            int w = m.stringWidth(TEXT) + 2 * PADDING;
            int h = m.getAscent() + m.getDescent() + 2 * PADDING;
            if (w <= width - 2 * MARGIN || size == SMALLEST_FONT) {
                Rectangle box = new Rectangle(MARGIN, height - MARGIN - h, w, h)
                        .intersection(new Rectangle(0, 0, width, height));
                return new Layout(font, m.getAscent(), box);
            }
            size--;
        }
    }

    private static final class Layout {
        final Font font;
        final int ascent;
        final Rectangle box;

        Layout(Font font, int ascent, Rectangle box) {
            this.font = font;
            this.ascent = ascent;
            this.box = box;
        }
    }
}
