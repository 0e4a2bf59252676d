package io.github.nitfiji.model.nit;

import ai.djl.ndarray.NDArray;
import io.github.nitfiji.model.transformer.Modulation;
import io.github.nitfiji.model.transformer.SelfAttention;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One of the transformer's weights as a trainer sees it: the array the forward computes with and
 * how it relates to the checkpoint's value. Loading folds constants into a few weights (the
 * "1 +" of the adaLN scales into their biases, the attention scale into the q norm's affine), so
 * {@code bound = scale * official + offset}: a gradient with respect to the official value is
 * {@code scale} times the bound array's, and an optimizer that works on official values (as
 * AdamW's weight decay must) updates the bound array by {@code scale} times its step.
 */
public final class NitParameter {
    private static final Pattern Q_NORM = Pattern.compile("blocks\\.\\d+\\.attn\\.q_norm\\.(weight|bias)");
    private static final Pattern BLOCK_MODULATION_BIAS = Pattern.compile("blocks\\.\\d+\\.adaLN_modulation\\.1\\.bias");
    private static final String FINAL_MODULATION_BIAS = "final_layer.adaLN_modulation.1.bias";

    /** The official state-dict key. */
    public final String key;
    /** The array the forward reads (owned by the transformer; its shape may be a view of the official one). */
    public final NDArray bound;
    /** The official shape, e.g. [D, C, 1, 1] for {@code x_embedder.proj.weight}. */
    public final long[] officialShape;
    /** bound = scale * official + offset. */
    public final float scale;
    private final float[] offset;

    private NitParameter(String key, NDArray bound, long[] officialShape, float scale, float[] offset) {
        this.key = key;
        this.bound = bound;
        this.officialShape = officialShape;
        this.scale = scale;
        this.offset = offset;
    }

    /** Every weight of {@code nit}, in the order of {@link NitConfig#expectedShapes()}. */
    public static List<NitParameter> of(NitTransformer nit) {
        NitConfig config = nit.config();
        Map<String, NDArray> bound = nit.boundWeights();
        float qScale = config.qkNorm ? SelfAttention.attentionScale(config.headDim()) : 1f;
        int d = config.hiddenSize;
        List<NitParameter> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : config.expectedShapes().entrySet()) {
            String key = e.getKey();
            float scale = Q_NORM.matcher(key).matches() ? qScale : 1f;
            float[] offset = null;
            if (BLOCK_MODULATION_BIAS.matcher(key).matches()) {
                offset = Modulation.unitScaleOffset(NitBlock.MODULATION_CHUNKS * d, NitBlock.MODULATION_CHUNKS,
                        NitBlock.SCALE_CHUNKS);
            } else if (key.equals(FINAL_MODULATION_BIAS)) {
                offset = Modulation.unitScaleOffset(NitTransformer.FINAL_CHUNKS * d, NitTransformer.FINAL_CHUNKS,
                        NitTransformer.FINAL_SCALE_CHUNKS);
            }
            out.add(new NitParameter(key, bound.get(key), e.getValue(), scale, offset));
        }
        return out;
    }

    /** The constant part of the bound array (a copy), or null when it is 0. */
    public float[] offset() {
        return offset == null ? null : offset.clone();
    }

    /** The checkpoint's value of this weight now, (bound - offset) / scale, on the host. */
    public float[] officialValues() {
        float[] v = bound.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = (v[i] - (offset == null ? 0f : offset[i])) / scale;
        }
        return v;
    }

    /** The number of values. */
    public long size() {
        return bound.size();
    }
}
