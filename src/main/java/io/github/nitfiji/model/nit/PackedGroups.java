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

    /** Runs each group; returns the outputs concatenated, in FP32, owned by x's manager. */
    static NDArray run(NDArray x, List<LatentSize> sizes, Group group) {
        List<NDArray> outputs = new ArrayList<>();
        NDArray out = null;
        try {
            int image = 0;
            long token = 0;
            while (image < sizes.size()) {
                LatentSize size = sizes.get(image);
                int count = 1;
                while (image + count < sizes.size() && sizes.get(image + count).equals(size)) {
                    count++;
                }
                outputs.add(group.run(token, image, count, size));
                token += (long) count * size.tokens();
                image += count;
            }
            // one FP32 group is already the answer; otherwise concatenate and/or widen
            out = Scoped.compute(() ->
                    (outputs.size() == 1 ? outputs.get(0) : NDArrays.concat(new NDList(outputs)))
                            .toType(DataType.FLOAT32, false));
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
}
