package io.github.nitfiji.train;

import io.github.nitfiji.model.LatentSize;

/**
 * One dataset image in the latent cache, as an index entry: where it came from (path, SHA-256,
 * bytes), its class, its training size, and where its latent is stored (shard file and tensor,
 * [variants, C, h, w]: the image, then its mirror image when flips are on).
 */
final class CachedLatent {
    final String source;
    final String sha256;
    final long bytes;
    final String className;
    final int imageWidth;
    final int imageHeight;
    final String shard;
    final String tensor;
    final int variants;

    CachedLatent(String source, String sha256, long bytes, String className, int imageWidth, int imageHeight,
                 String shard, String tensor, int variants) {
        this.source = source;
        this.sha256 = sha256;
        this.bytes = bytes;
        this.className = className;
        this.imageWidth = imageWidth;
        this.imageHeight = imageHeight;
        this.shard = shard;
        this.tensor = tensor;
        this.variants = variants;
    }

    LatentSize latentSize() {
        return new LatentSize(imageHeight / NativeResolution.UNIT, imageWidth / NativeResolution.UNIT);
    }

    /** The same latent recorded for another path or class (a re-run after files moved or were relabelled). */
    CachedLatent as(String newSource, String newClass) {
        return new CachedLatent(newSource, sha256, bytes, newClass, imageWidth, imageHeight, shard, tensor, variants);
    }
}
