package io.github.nitfiji.sampling;

/** SDE draws from each image's own {@link SeededNoise#SDE} stream, images concatenated. */
public final class SeededSdeNoise implements SdeNoise {
    private final SeededNoise[] streams;
    private final int[] valuesPerImage;
    private final int total;

    public SeededSdeNoise(long[] seeds, int[] valuesPerImage) {
        this.streams = new SeededNoise[seeds.length];
        this.valuesPerImage = valuesPerImage.clone();
        int sum = 0;
        for (int i = 0; i < seeds.length; i++) {
            streams[i] = new SeededNoise(seeds[i], SeededNoise.SDE);
            sum += valuesPerImage[i];
        }
        this.total = sum;
    }

    @Override
    public float[] draw(int step) {
        float[] out = new float[total];
        int offset = 0;
        for (int i = 0; i < streams.length; i++) {
            streams[i].fill(out, offset, valuesPerImage[i]);
            offset += valuesPerImage[i];
        }
        return out;
    }
}
