package io.github.nitfiji.model;

/** A latent grid of height x width latent pixels (one token each, 32 image pixels per side). */
public final class LatentSize {
    /** Image pixels per latent pixel (the DC-AE f32 grid every model here works on). */
    public static final int PIXELS_PER_LATENT = 32;
    /** Image sides in pixels: the smallest is one latent pixel, the largest a 256-latent grid. */
    public static final int MIN_SIDE_PX = 32;
    public static final int MAX_SIDE_PX = 8192;

    public final int height;
    public final int width;

    public LatentSize(int height, int width) {
        this.height = height;
        this.width = width;
    }

    public int tokens() {
        return height * width;
    }

    /** Parses "HxW", e.g. "16x24". */
    public static LatentSize parse(String text) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        if (parts.length != 2) {
            throw new IllegalArgumentException("latent size '" + text + "' must be HxW, e.g. 16x16");
        }
        try {
            return new LatentSize(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("latent size '" + text + "' must be HxW with whole numbers, e.g. 16x16");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatentSize && ((LatentSize) o).height == height && ((LatentSize) o).width == width;
    }

    @Override
    public int hashCode() {
        return 31 * height + width;
    }

    @Override
    public String toString() {
        return height + "x" + width;
    }
}
