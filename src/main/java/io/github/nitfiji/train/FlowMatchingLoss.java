package io.github.nitfiji.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.io.NativeOwned;
import io.github.nitfiji.model.LatentSize;
import java.util.List;

/**
 * The official {@code FlowMatchingLoss(prediction='v', path_type='linear')} as
 * {@code packed_trainer_c2i.py} calls it ({@code use_dir_loss=True}, no REPA term): on the path
 * x_t = (1 - t) x0 + t noise (each image its own t), the model predicts the velocity
 * v = noise - x0, and the loss is the mean over tokens of the mean over channels of
 * (out - v)^2 plus the mean over tokens of 1 - cos(out, v), the cosine taken over each token's
 * channels.
 *
 * <p>The official code also replaces NaN and infinite per-token losses by 0 and +-1e5
 * ({@code nan_to_num}); here a non-finite loss stops the run instead ({@link TrainStep}), since
 * training on with it would only hide a broken step.
 */
final class FlowMatchingLoss {
    /** torch.nn.functional.cosine_similarity's eps: the product of norms is clamped to at least this. */
    private static final float COSINE_EPS = 1e-8f;

    private FlowMatchingLoss() {
    }

    /** Each token's t: image i's t repeated over its tokens, as a column [N, 1]. */
    static float[] tokenTimes(double[] t, List<LatentSize> sizes) {
        int n = 0;
        for (LatentSize s : sizes) {
            n += s.tokens();
        }
        float[] out = new float[n];
        int at = 0;
        for (int i = 0; i < sizes.size(); i++) {
            for (int k = 0; k < sizes.get(i).tokens(); k++) {
                out[at++] = (float) t[i];
            }
        }
        return out;
    }

    /** x_t = (1 - t) x0 + t noise for tokens [N, C] and their times [N, 1]. */
    static NDArray noised(NDArray x0, NDArray noise, NDArray tokenT) {
        return x0.mul(tokenT.neg().add(1f)).add(noise.mul(tokenT));
    }

    /** v = noise - x0. */
    static NDArray target(NDArray x0, NDArray noise) {
        return noise.sub(x0);
    }

    /** The scalar loss for model output and target, both [N, C]. */
    static NDArray loss(NDArray out, NDArray target) {
        NDArray denoising = out.sub(target).square().mean(new int[] {1}).mean();
        NDArray dot = out.mul(target).sum(new int[] {1});
        // the clamp's bound as an array that lives until the step ends: DJL's maximum(float) closes its
        // scalar at once, and autograd would read the released buffer in backward
        NDArray eps = NativeOwned.of(out.getManager().create(COSINE_EPS));
        NDArray norms = out.norm(new int[] {1}).mul(target.norm(new int[] {1})).maximum(eps);
        NDArray directional = dot.div(norms).neg().add(1f).mean();
        return denoising.add(directional);
    }

    /** Tokens [N, C] as an array in {@code manager}. */
    static NDArray tokens(NDManager manager, float[] values, int channels) {
        return manager.create(values, new Shape(values.length / channels, channels));
    }
}
