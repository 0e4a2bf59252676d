package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;

/** Counts a decoder's parameters by assembling it against a binder that only adds up shapes. */
final class DecoderParameters extends WeightBinder {
    private long count;

    private DecoderParameters() {
    }

    static long count(DcAeConfig config) {
        DecoderParameters counter = new DecoderParameters();
        DcAeDecoder.layers(config, counter, null, null);
        return counter.count;
    }

    @Override
    NDArray bind(String key, long[] storedShape, long... usedShape) {
        long n = 1;
        for (long s : storedShape) {
            n *= s;
        }
        count += n;
        return null;
    }
}
