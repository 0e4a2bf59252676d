package io.github.nitfiji.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.model.dcae.DcAeEncoder;
import io.github.nitfiji.model.dcae.TiledDecoder;
import io.github.nitfiji.model.dcae.TiledEncoder;

/**
 * The DC-AE encode of the official preprocessing ({@code dc_ae_encode}: encoder output times the
 * scaling factor), tiled when an image would exceed the memory budget ({@link TiledEncoder}).
 */
public final class LatentEncoding {
    private final DcAeEncoder encoder;
    private final Device device;
    private final TiledEncoder tiled;
    private final String encoderSha256;

    /** @param encoderSha256 the encoder weights' SHA-256, recorded in the cache so another encoder is never mixed in */
    public LatentEncoding(DcAeEncoder encoder, Device device, long budgetBytes, String encoderSha256) {
        this.encoder = encoder;
        this.device = device;
        this.tiled = new TiledEncoder(encoder, TiledDecoder.DEFAULT_TILE, TiledDecoder.DEFAULT_OVERLAP, budgetBytes);
        this.encoderSha256 = encoderSha256;
    }

    String encoderSha256() {
        return encoderSha256;
    }

    int channels() {
        return encoder.config().latentChannels();
    }

    double scalingFactor() {
        return encoder.config().scalingFactor();
    }

    /** The scaled latent [C, h, w] (official layout) of an image whose sides are multiples of 32. */
    float[] encode(RgbPlanes image) {
        try (NDManager run = NDManager.newBaseManager(device)) {
            NDArray pixels = run.create(image.planes, new Shape(1, 3, image.height, image.width));
            return tiled.encode(pixels, run).mul((float) scalingFactor()).toFloatArray();
        }
    }
}
