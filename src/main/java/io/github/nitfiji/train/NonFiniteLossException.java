package io.github.nitfiji.train;

/** A step whose loss or gradient norm is NaN or infinite: the run stops before the weights change. */
public final class NonFiniteLossException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NonFiniteLossException(long step, double loss, double gradNorm) {
        super("step " + step + " gave loss " + loss + " and gradient norm " + gradNorm + "; the weights were not"
                + " changed. Lower the learning rate (--lr) or check the dataset for broken images; the last"
                + " checkpoint is intact");
    }
}
