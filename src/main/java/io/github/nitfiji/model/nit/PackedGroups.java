package io.github.nitfiji.model.nit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.Scoped;
import java.util.ArrayList;
import java.util.List;

/**
 * A packed batch as runs of consecutive same-sized images: each run is one batched forward (its
 * images attend only to themselves), whichever executor computes it.
 */
final class PackedGroups {
    private PackedGroups() {
    }

    /** One run of {@code count} consecutive same-sized images, starting at {@code firstToken}. */
    interface Group {
        NDArray run(long firstToken, int firstImage, int count, LatentSize size);
    }

    /** Where one run of same-sized images lies in the packed batch. */
    static final class Run {
        final long firstToken;
        final int firstImage;
        final int count;
        final LatentSize size;

        private Run(long firstToken, int firstImage, int count, LatentSize size) {
            this.firstToken = firstToken;
            this.firstImage = firstImage;
            this.count = count;
            this.size = size;
        }

        /** The run's rows of a per-token array [N, ...]. */
        String tokens() {
            return firstToken + ":" + (firstToken + count * size.tokens());
        }

        /** The run's rows of a per-image array [images, ...]. */
        String images() {
            return firstImage + ":" + (firstImage + count);
        }
    }

    /** The runs of consecutive same-sized images, in order. */
    static List<Run> runs(List<LatentSize> sizes) {
        return runs(sizes, Long.MAX_VALUE);
    }

    /**
     * As {@link #runs(List)}, with no run over {@code maxTokens} tokens unless it is one image: a
     * block's work on a run can be done run by run, since images attend only to themselves.
     */
    static List<Run> runs(List<LatentSize> sizes, long maxTokens) {
        List<Run> runs = new ArrayList<>();
        int image = 0;
        long token = 0;
        while (image < sizes.size()) {
            LatentSize size = sizes.get(image);
            int count = 1;
            while (image + count < sizes.size() && sizes.get(image + count).equals(size)
                    && (count + 1L) * size.tokens() <= maxTokens) {
                count++;
            }
            runs.add(new Run(token, image, count, size));
            token += (long) count * size.tokens();
            image += count;
        }
        return runs;
    }

    /** Runs each group; returns the outputs concatenated, in FP32, owned by x's manager. */
    static NDArray run(NDArray x, List<LatentSize> sizes, Group group) {
        List<NDArray> outputs = new ArrayList<>();
        NDArray out = null;
        try {
            for (Run r : runs(sizes)) {
                outputs.add(group.run(r.firstToken, r.firstImage, r.count, r.size));
            }
            out = concat(outputs);
            out.attach(x.getManager());
            return out;
        } finally {
            for (NDArray o : outputs) {
                if (o != out) {
                    o.close();
                }
            }
        }
    }

    /** The runs' outputs as one FP32 array (one FP32 output is already the answer). */
    static NDArray concat(List<NDArray> outputs) {
        return Scoped.compute(() -> (outputs.size() == 1 ? outputs.get(0) : NDArrays.concat(new NDList(outputs)))
                .toType(DataType.FLOAT32, false));
    }
}
