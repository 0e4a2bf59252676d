package io.github.nitfiji.train;

/**
 * A training image as the DC-AE encoder takes it: three float planes (R, G, B; channel-major,
 * row-major) in [-1, 1], as the official preprocessing makes them ({@code ToTensor} then
 * {@code Normalize(0.5, 0.5)}: an 8-bit level L becomes L / 127.5 - 1).
 */
public final class RgbPlanes {
    public final int width;
    public final int height;
    final float[] planes;

    public RgbPlanes(int width, int height, float[] planes) {
        if (width < 1 || height < 1 || planes.length != 3L * width * height) {
            throw new IllegalArgumentException("expected 3 x " + width + " x " + height + " values, found " + planes.length);
        }
        this.width = width;
        this.height = height;
        this.planes = planes;
    }

    /** An 8-bit level (0..255, possibly fractional) in the encoder's range. */
    public static float unit(double level) {
        return (float) (level / 127.5 - 1);
    }
}
