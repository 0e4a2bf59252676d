package io.github.nitfiji.train;

import io.github.nitfiji.io.DecodedImage;
import io.github.nitfiji.io.ImageFileReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Training images read by the engine's shared image reader ({@link ImageFileReader}: PNG, TIFF,
 * JPEG, BMP; 8-bit, 16-bit and 32-bit float, grey or RGB; the size checked from the header first).
 * Its values in 0..1 become the encoder's range as the official preprocessing makes it from 8-bit
 * levels ({@link RgbPlanes#unit}); 8-bit files keep their exact levels, and 16-bit or float files
 * are mapped as the shared reader maps them (grey from the data's minimum..maximum, which is what
 * Fiji shows when it opens such a file).
 */
public final class TrainingImageFiles implements TrainingImageReader {
    /**
     * The largest side read. Training scales every image to at most {@code --max-size}^2 pixels,
     * so a larger source is only a cost; whether it fits in memory is checked before decoding.
     */
    public static final int MAX_SIDE = 16384;

    @Override
    public RgbPlanes read(Path file) throws IOException {
        DecodedImage image = ImageFileReader.read(file, MAX_SIDE, "a training image");
        boolean levels = image.mapping.isEmpty(); // stored 8-bit levels: L / 255 exactly
        int n = image.width * image.height;
        float[] planes = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                double level = image.value(c, i) * 255.0;
                planes[c * n + i] = RgbPlanes.unit(levels ? Math.rint(level) : level);
            }
        }
        return new RgbPlanes(image.width, image.height, planes);
    }
}
