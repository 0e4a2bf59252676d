package io.github.nitfiji.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The source's own point on the flow path, x_t = (1 - t) x0 + t noise, and the reset of kept
 * tokens onto it. The path is formed in float32 on the device from the float64 time: at t = 0 it
 * is x0 itself, so kept tokens end exactly on the source latents.
 */
final class FlowPath {
    private final NDArray source;
    private final NDArray noise;
    private final NDArray keep;
    private final NDManager run;

    /**
     * @param keep per token, true to keep the source; null keeps none
     * @param run owns the mask and every point made
     */
    FlowPath(NDArray source, NDArray noise, boolean[] keep, NDManager run) {
        this.source = source;
        this.noise = noise;
        this.run = run;
        boolean any = false;
        if (keep != null) {
            for (boolean k : keep) {
                any |= k;
            }
        }
        if (any) {
            long channels = source.getShape().get(1);
            this.keep = run.create(keep, new Shape(keep.length, 1)).repeat(1, channels);
        } else {
            this.keep = null;
        }
    }

    boolean keepsAny() {
        return keep != null;
    }

    /** (1 - t) x0 + t noise, owned by the run's manager (x0 itself, copied, at t = 0). */
    NDArray at(double t) {
        NDArray point = t == 0 ? source.duplicate()
                : source.mul((float) (1 - t)).add(noise.mul((float) t));
        point.attach(run);
        return point;
    }

    /** x with every kept token replaced by the source's path at time t. */
    NDArray resetKept(NDArray x, double t) {
        NDArray onPath = at(t);
        NDArray reset = NDArrays.where(keep, onPath, x);
        onPath.close();
        return reset;
    }
}
