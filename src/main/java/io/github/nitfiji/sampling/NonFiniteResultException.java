package io.github.nitfiji.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Sampling or decoding produced NaN or infinite numbers. Such a result would be written as an
 * all-black image (or a NaN TIFF) with full provenance, so the run ends here instead, naming the
 * likely causes. The check is one reduction per image: the largest magnitude, which is NaN or
 * infinite exactly when some value is.
 */
public final class NonFiniteResultException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NonFiniteResultException(String message) {
        super(message);
    }

    /**
     * Throws unless every value of each image is finite.
     *
     * @param perImage the batch as {@code [images, values per image]} (any float type)
     * @param stage    "sampling" or "decoding", for the message
     * @param precision the precision the models ran in (FP16 overflows first)
     * @param cfgScale the guidance scale of the request
     * @param suppliedNoise whether the initial noise came from a file
     */
    public static void check(NDArray perImage, String stage, int firstImage, DataType precision, double cfgScale,
                      boolean suppliedNoise) {
        float[] largest = perImage.abs().max(new int[] {1}).toType(DataType.FLOAT32, false).toFloatArray();
        for (int i = 0; i < largest.length; i++) {
            if (!Float.isFinite(largest[i])) {
                throw new NonFiniteResultException(message(stage, firstImage + i + 1, precision, cfgScale,
                        suppliedNoise));
            }
        }
    }

    /** As {@link #check}, for latents already on the host: {@code images} images of equal length, concatenated. */
    public static void checkImages(float[] values, int images, String stage, DataType precision, double cfgScale,
                                   boolean suppliedNoise) {
        int perImage = values.length / images;
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new NonFiniteResultException(message(stage, i / perImage + 1, precision, cfgScale,
                        suppliedNoise));
            }
        }
    }

    private static String message(String stage, int image, DataType precision, double cfgScale,
                                  boolean suppliedNoise) {
        StringBuilder sb = new StringBuilder(stage).append(" image ").append(image)
                .append(" produced NaN or infinite values, so no image was made. Likely causes: ");
        if (precision == DataType.FLOAT16) {
            sb.append("FP16 overflow (run again with precision fp32, which has the range FP16 lacks); ");
        }
        if (cfgScale > 100) {
            sb.append("a CFG scale of ").append(cfgScale).append(" (guidance multiplies by it; usual values are 1 to 10); ");
        }
        if (suppliedNoise) {
            sb.append("the supplied noise file (it must hold finite numbers); ");
        }
        sb.append("weights that hold NaN, infinite or absurdly large values (check them with 'models verify', or"
                + " download them again).");
        return sb.toString();
    }

    /** Throws when supplied noise already holds a non-finite number: a cheaper, more precise message. */
    public static void checkSupplied(float[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new NonFiniteResultException("the supplied " + what + " holds " + values[i] + " at position " + i
                        + "; it must hold finite numbers, so nothing was generated");
            }
        }
    }
}
