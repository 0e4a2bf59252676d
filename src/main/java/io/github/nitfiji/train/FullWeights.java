package io.github.nitfiji.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.nitfiji.model.nit.NitParameter;
import io.github.nitfiji.model.nit.NitTransformer;
import java.util.ArrayList;
import java.util.List;

/**
 * Full fine-tuning: every weight of the transformer is trained in place (the official trainer's
 * setting), each under its official key. The training-only {@code projector.*} head is not loaded
 * and so gets no gradient, as in the official step without the REPA term.
 */
final class FullWeights {
    private FullWeights() {
    }

    /** Marks every weight of {@code nit} as trained; offsets of folded weights go in {@code manager}. */
    static List<TrainedTensor> of(NitTransformer nit, NDManager manager) {
        List<TrainedTensor> tensors = new ArrayList<>();
        for (NitParameter p : NitParameter.of(nit)) {
            float[] offset = p.offset();
            NDArray offsetArray = offset == null ? null : manager.create(offset, p.bound.getShape());
            p.bound.setRequiresGradient(true);
            tensors.add(new TrainedTensor(p.key, p.bound, p.officialShape, p.scale, offsetArray));
        }
        return tensors;
    }
}
