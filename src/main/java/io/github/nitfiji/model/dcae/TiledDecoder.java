package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.function.BiFunction;

/**
 * Decodes latents too large for one pass (4096 x 4096 pixels needs tens of GB untiled) in
 * overlapping tiles, blended with smooth ramps ({@link TileAxis}), within a memory budget.
 *
 * <p>Tiling changes the result slightly: each tile's convolutions see zero padding at its edges
 * and its EfficientViT attention sees only the tile. Large tiles with a few latent pixels of
 * overlap keep the difference small; {@link #decode} therefore only tiles when an untiled decode
 * would exceed the budget ({@link DecodeMemoryEstimate}). Tiles are blended on the host in float32.
 */
public final class TiledDecoder {
    /** 32 latent pixels = 1024 image pixels: large attention context, a few hundred MB per tile (sana, FP32). */
    public static final int DEFAULT_TILE = 32;
    /** 4 latent pixels = 128 image pixels of blending between neighbours. */
    public static final int DEFAULT_OVERLAP = 4;

    private final DcAeConfig config;
    private final BiFunction<NDArray, NDManager, NDArray> decodeTile;
    private final int tile;
    private final int overlap;
    private final long budgetBytes;

    /**
     * @param tile tile size in latent pixels (the largest used; smaller if the budget demands)
     * @param overlap minimum overlap of neighbouring tiles in latent pixels, below {@code tile}
     * @param budgetBytes working memory a decode may use beyond the resident weights
     */
    public TiledDecoder(DcAeDecoder decoder, int tile, int overlap, long budgetBytes) {
        this(decoder.config(), decoder::decode, tile, overlap, budgetBytes);
    }

    TiledDecoder(DcAeConfig config, BiFunction<NDArray, NDManager, NDArray> decodeTile, int tile, int overlap,
                 long budgetBytes) {
        TileBlend.checkSettings(tile, overlap, budgetBytes);
        this.config = config;
        this.decodeTile = decodeTile;
        this.tile = tile;
        this.overlap = overlap;
        this.budgetBytes = budgetBytes;
    }

    /** Whether {@link #decode} would tile this latent [B, C, h, w]. */
    public boolean needsTiling(Shape latent) {
        DcAeDecoder.checkLatent(config, latent);
        return !DecodeMemoryEstimate.fits(config, (int) latent.get(0), (int) latent.get(2), (int) latent.get(3),
                budgetBytes);
    }

    /**
     * Decodes in one pass if the estimate fits the budget, in tiles otherwise. Same contract as
     * {@link DcAeDecoder#decode(NDArray, NDManager)}: z is untouched, the float32 image
     * [B, 3, 32h, 32w] is owned by {@code resultManager}.
     */
    public NDArray decode(NDArray z, NDManager resultManager) {
        return needsTiling(z.getShape()) ? decodeTiled(z, resultManager) : decodeTile.apply(z, resultManager);
    }

    /** Always decodes in tiles (a latent no larger than one tile is decoded whole). */
    public NDArray decodeTiled(NDArray z, NDManager resultManager) {
        Shape s = z.getShape();
        DcAeDecoder.checkLatent(config, s);
        int batch = (int) s.get(0);
        int scale = config.spatialCompression();
        int size = tileWithinBudget(batch);
        TileAxis rows = new TileAxis((int) s.get(2), size, Math.min(overlap, size - 1), scale);
        TileAxis cols = new TileAxis((int) s.get(3), size, Math.min(overlap, size - 1), scale);
        int height = (int) s.get(2) * scale;
        int width = (int) s.get(3) * scale;
        int channels = config.inChannels();
        long total = (long) batch * channels * height * width;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a decoded image of " + batch + " x " + width + " x " + height
                    + " pixels is too large to blend in one Java array; decode fewer images at a time");
        }
        float[] image = TileBlend.blend(rows, cols, batch * channels, height, width, scale,
                (i, j) -> decodeOne(z, rows.start(i), cols.start(j), rows.size(), cols.size()));
        return resultManager.create(image, new Shape(batch, channels, height, width));
    }

    /** The configured tile size, shrunk until one tile's decode fits the budget. */
    int tileWithinBudget(int batch) {
        int size = tile;
        while (size > 1 && !DecodeMemoryEstimate.fits(config, batch, size, size, budgetBytes)) {
            size--;
        }
        if (!DecodeMemoryEstimate.fits(config, batch, size, size, budgetBytes)) {
            throw new IllegalArgumentException("even a 1 x 1 latent tile needs "
                    + DecodeMemoryEstimate.activationBytes(config, batch, 1, 1) + " bytes, above the budget of "
                    + budgetBytes + "; raise the memory budget");
        }
        return size;
    }

    private float[] decodeOne(NDArray z, int y, int x, int h, int w) {
        try (NDManager scope = z.getManager().newSubManager()) {
            NDArray part = z.get(new NDIndex(":, :, {}:{}, {}:{}", y, y + h, x, x + w));
            part.attach(scope);
            return decodeTile.apply(part, scope).toFloatArray();
        }
    }
}
