package io.github.nitfiji.model.dcae;

/** Counts a decoder's parameters from the shapes it binds, without loading anything. */
final class DecoderParameters {
    private DecoderParameters() {
    }

    static long count(DcAeConfig config) {
        long count = 0;
        for (long[] shape : DcAeNetwork.shapes(DcAeDecoder.layersOf(config)).values()) {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            count += n;
        }
        return count;
    }
}
