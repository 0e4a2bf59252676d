package io.github.nitfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * What the flow integrators (package {@code sampling}) need of a velocity network: conditioning
 * rows for (time, class) pairs, made once per request, and one forward of a packed batch with
 * rows of that conditioning. NiT and its fine-tunes provide it; the samplers never see a concrete
 * transformer.
 */
public interface FlowNetwork {
    /** Conditioning rows [t.length, D] for each (t[i], classes[i]), on {@code manager}'s device. */
    NDArray conditioning(double[] t, int[] classes, NDManager manager);

    /** The velocity [N, channels] of the packed batch {@code x} (images of {@code sizes}). */
    NDArray forward(NDArray x, List<LatentSize> sizes, NDArray conditioning);

    /** The class that means "no class" (what guidance runs against). */
    int nullClass();
}
