package io.github.nitfiji.pipeline;

/** Generated images made in tests, for the code that writes them out. */
public final class GeneratedImages {
    private GeneratedImages() {
    }

    /** An image of width x height with the given R, G, B planes (about [-1, 1], channel-major). */
    public static GeneratedImage of(int width, int height, float[] planes, long seed) {
        return new GeneratedImage(width, height, planes, 0, seed, 0, 0);
    }
}
