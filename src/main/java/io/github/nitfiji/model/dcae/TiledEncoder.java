package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.function.BiFunction;

/**
 * Encodes images too large for one pass in overlapping tiles, the mirror of {@link TiledDecoder}:
 * tiles are cut on the latent grid (32 image pixels per latent pixel), each is encoded alone, and
 * the latents are blended with the same raised-cosine ramps ({@link TileAxis}, one latent pixel
 * per step) on the host in float32. Tiling changes the result slightly (each tile's convolutions
 * see zero padding at its edges and its attention sees only the tile), so {@link #encode} tiles
 * only when an untiled encode would exceed the memory budget.
 */
public final class TiledEncoder {
    private final DcAeConfig config;
    private final BiFunction<NDArray, NDManager, NDArray> encodeTile;
    private final int tile;
    private final int overlap;
    private final long budgetBytes;

    /**
     * @param tile tile size in latent pixels (the largest used; smaller if the budget demands)
     * @param overlap minimum overlap of neighbouring tiles in latent pixels, below {@code tile}
     * @param budgetBytes working memory an encode may use beyond the resident weights
     */
    public TiledEncoder(DcAeEncoder encoder, int tile, int overlap, long budgetBytes) {
        this(encoder.config(), encoder::encode, tile, overlap, budgetBytes);
    }

    TiledEncoder(DcAeConfig config, BiFunction<NDArray, NDManager, NDArray> encodeTile, int tile, int overlap,
                 long budgetBytes) {
        TileBlend.checkSettings(tile, overlap, budgetBytes);
        this.config = config;
        this.encodeTile = encodeTile;
        this.tile = tile;
        this.overlap = overlap;
        this.budgetBytes = budgetBytes;
    }

    /** Bytes an untiled encode of [batch, 3, 32 latentH, 32 latentW] needs at its peak. */
    public static long activationBytes(DcAeConfig config, int batch, int latentH, int latentW) {
        return DecodeMemoryEstimate.activationBytes(config.encoder(), config.inChannels(), batch, latentH, latentW);
    }

    /** Whether {@link #encode} would tile this image [B, 3, H, W]. */
    public boolean needsTiling(Shape image) {
        int f = config.spatialCompression();
        return activationBytes(config, (int) image.get(0), (int) (image.get(2) / f), (int) (image.get(3) / f))
                > budgetBytes;
    }

    /**
     * Encodes in one pass if the estimate fits the budget, in tiles otherwise. Same contract as
     * {@link DcAeEncoder#encode(NDArray, NDManager)}: the image is untouched, the float32 latent
     * [B, C, H/32, W/32] (before the scaling factor) is owned by {@code resultManager}.
     */
    public NDArray encode(NDArray image, NDManager resultManager) {
        return needsTiling(image.getShape()) ? encodeTiled(image, resultManager)
                : encodeTile.apply(image, resultManager);
    }

    /** Always encodes in tiles (an image no larger than one tile is encoded whole). */
    public NDArray encodeTiled(NDArray image, NDManager resultManager) {
        Shape s = image.getShape();
        int f = config.spatialCompression();
        if (s.dimension() != 4 || s.get(2) % f != 0 || s.get(3) % f != 0) {
            throw new IllegalArgumentException("image must be [batch, channels, height, width] with sides that are"
                    + " multiples of " + f + ", found shape " + s);
        }
        int batch = (int) s.get(0);
        int latentH = (int) s.get(2) / f;
        int latentW = (int) s.get(3) / f;
        int size = tileWithinBudget(batch);
        TileAxis rows = new TileAxis(latentH, size, Math.min(overlap, size - 1), 1);
        TileAxis cols = new TileAxis(latentW, size, Math.min(overlap, size - 1), 1);
        int channels = config.latentChannels();
        float[] latent = TileBlend.blend(rows, cols, batch * channels, latentH, latentW, 1,
                (i, j) -> encodeOne(image, rows.start(i) * f, cols.start(j) * f, rows.size() * f, cols.size() * f));
        return resultManager.create(latent, new Shape(batch, channels, latentH, latentW));
    }

    /** The configured tile size, shrunk until one tile's encode fits the budget. */
    int tileWithinBudget(int batch) {
        int size = tile;
        while (size > 1 && activationBytes(config, batch, size, size) > budgetBytes) {
            size--;
        }
        if (activationBytes(config, batch, size, size) > budgetBytes) {
            throw new IllegalArgumentException("even a 1 x 1 latent tile needs " + activationBytes(config, batch, 1, 1)
                    + " bytes to encode, above the budget of " + budgetBytes + "; raise the memory budget");
        }
        return size;
    }

    private float[] encodeOne(NDArray image, int y, int x, int h, int w) {
        try (NDManager scope = image.getManager().newSubManager()) {
            NDArray part = image.get(new NDIndex(":, :, {}:{}, {}:{}", y, y + h, x, x + w));
            part.attach(scope);
            return encodeTile.apply(part, scope).toFloatArray();
        }
    }
}
