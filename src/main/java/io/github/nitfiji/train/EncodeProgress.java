package io.github.nitfiji.train;

/** Hears how encoding a dataset into the latent cache goes. */
public interface EncodeProgress {
    /**
     * After each image (encoded, reused or skipped).
     *
     * @param imagesPerSecond images encoded per second so far (reused ones excluded)
     * @param secondsLeft estimated time to encode the rest, or NaN before the first encode
     */
    void image(int done, int total, double imagesPerSecond, double secondsLeft);

    /** An image that was skipped, and why (named). */
    void skipped(String warning);

    EncodeProgress NONE = new EncodeProgress() {
        @Override
        public void image(int done, int total, double imagesPerSecond, double secondsLeft) {
        }

        @Override
        public void skipped(String warning) {
        }
    };
}
