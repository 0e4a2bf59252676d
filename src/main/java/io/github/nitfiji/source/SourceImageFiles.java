package io.github.nitfiji.source;

import io.github.nitfiji.io.DecodedImage;
import io.github.nitfiji.io.ImageFileReader;
import io.github.nitfiji.io.OutputPaths;
import io.github.nitfiji.model.LatentSize;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A source image read from files ({@link ImageFileReader}: PNG, TIFF, JPEG, BMP; 8, 16 and 32
 * bits), with an optional mask whose white pixels are the area to regenerate. Sizes are checked
 * from each file's header before it is decoded. How a 16-bit or float file's values became RGB
 * goes into the source's calibration text, and so into provenance.
 */
public final class SourceImageFiles {
    private SourceImageFiles() {
    }

    /**
     * @param imageFlag what named the image in messages and output checks ("--init-image")
     * @param mask      a mask file of the image's size, or null: a pixel is in the area when the
     *                  mean of its R, G, B is at least half way (128 of 255)
     * @throws IOException naming the file (size, format, damage, NaN)
     * @throws IllegalArgumentException for a mask of another size or with no white pixel
     */
    public static SourceImage read(Path image, String imageFlag, Path mask, String maskFlag) throws IOException {
        DecodedImage source = ImageFileReader.read(image, LatentSize.MAX_SIDE_PX, "image-to-image");
        int w = source.width;
        int h = source.height;
        List<OutputPaths.Named> files = new ArrayList<>(List.of(new OutputPaths.Named(imageFlag, image)));
        boolean[] selection = null;
        if (mask != null) {
            DecodedImage m = ImageFileReader.read(mask, LatentSize.MAX_SIDE_PX, "a mask");
            if (m.width != w || m.height != h) {
                throw new IllegalArgumentException(maskFlag + " " + mask + " is " + m.width + " x " + m.height
                        + " px but " + imageFlag + " is " + w + " x " + h + "; give a mask of the image's exact size");
            }
            selection = new boolean[w * h];
            for (int i = 0; i < selection.length; i++) {
                selection[i] = m.value(0, i) + m.value(1, i) + m.value(2, i) >= 3 * 128 / 255f - 1e-6f;
            }
            files.add(new OutputPaths.Named(maskFlag, mask));
        }
        int n = w * h;
        float[] planes = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                planes[c * n + i] = SourceImage.unit(source.value(c, i) * 255.0);
            }
        }
        return new SourceImage(w, h, planes, selection, image.toString(), source.pixelsSha256, source.mapping, files);
    }
}
