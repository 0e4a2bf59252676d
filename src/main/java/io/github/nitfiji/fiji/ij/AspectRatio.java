package io.github.nitfiji.fiji.ij;

import io.github.nitfiji.pipeline.GenerationRequest;

/** The dialog's aspect-ratio buttons: each sets the height from the width. */
enum AspectRatio {
    SQUARE(1, 1), LANDSCAPE_4_3(4, 3), PORTRAIT_3_4(3, 4), WIDE_16_9(16, 9), TALL_9_16(9, 16),
    PANORAMA_3_1(3, 1), TOWER_1_3(1, 3);

    final int across;
    final int down;

    AspectRatio(int across, int down) {
        this.across = across;
        this.down = down;
    }

    /** "16:9". */
    String label() {
        return across + ":" + down;
    }

    /** The "Aspect:" row of buttons, each telling {@code pressed}. */
    static java.awt.Panel buttons(java.util.function.Consumer<AspectRatio> pressed) {
        java.awt.Panel panel = new java.awt.Panel(new java.awt.FlowLayout(java.awt.FlowLayout.LEFT, 3, 0));
        panel.add(new java.awt.Label("Aspect:"));
        for (AspectRatio ratio : values()) {
            java.awt.Button button = new java.awt.Button(ratio.label());
            button.addActionListener(e -> pressed.accept(ratio));
            panel.add(button);
        }
        return panel;
    }

    /** The height that gives this ratio at {@code width}, rounded, kept within the allowed sides. */
    int heightFor(int width) {
        long height = Math.round((double) width * down / across);
        return (int) Math.max(GenerationRequest.MIN_SIDE_PX, Math.min(GenerationRequest.MAX_SIDE_PX, height));
    }
}
