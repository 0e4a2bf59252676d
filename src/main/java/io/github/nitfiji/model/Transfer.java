package io.github.nitfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Moves arrays between a caller and a model that may live on another device or in another
 * precision. Both directions leave the source array as it was: callers keep ownership of what
 * they pass in, and models of what they hold.
 */
public final class Transfer {
    private Transfer() {
    }

    /** A copy of {@code x} on {@code owner}'s device in {@code type}, owned by {@code owner}. */
    public static NDArray copyTo(NDArray x, NDManager owner, DataType type) {
        NDArray onDevice = x.toDevice(owner.getDevice(), false);
        NDArray copy = onDevice.toType(type, true);
        if (onDevice != x) {
            onDevice.close();
        }
        copy.attach(owner);
        return copy;
    }

    /**
     * {@code y} as float32 on {@code owner}'s device, owned by {@code owner}: how a result leaves a
     * model. {@code y} itself is returned (re-attached) when it needs no conversion; an intermediate
     * copy stays with {@code y}'s manager, which the model frees when its run ends.
     */
    public static NDArray float32To(NDArray y, NDManager owner) {
        NDArray f32 = y.toType(DataType.FLOAT32, false);
        NDArray moved = f32.toDevice(owner.getDevice(), false);
        moved.attach(owner);
        return moved;
    }
}
