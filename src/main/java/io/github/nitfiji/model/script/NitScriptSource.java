package io.github.nitfiji.model.script;

import io.github.nitfiji.model.nit.NitConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Generates the TorchScript source of the NiT forward for one group of same-sized images, from
 * the config alone. The weights are not part of the module: they arrive as one {@code List[Tensor]}
 * argument, in the order of {@link NitConfig#expectedShapes()} (the same table that checks the
 * checkpoint), so the module is a few kilobytes and the tensors the eager engine holds are the
 * only copy.
 *
 * <p>The weights are the eager engine's bound ones, with its two folds (see {@code NitBlock}):
 * the modulation biases already hold the "1 +" of each scale, and the q LayerNorm affine already
 * holds 1/sqrt(head_dim), so attention runs with scale 1. RoPE tables and the conditioning
 * SiLU(t_embed + y_embed) come from the same Java code as the eager path.
 *
 * <p>Signature: {@code forward(x [b*n, C] fp32, c [b, D], cos [n, 1, hd], sin [n, 1, hd], w) -> [b*n, C] fp32},
 * where c, cos, sin and w are in the run's precision (FP32 or FP16).
 */
public final class NitScriptSource {
    /** The module's class name (TorchScript names it {@code __torch__.NitForward}). */
    public static final String CLASS_NAME = "NitForward";

    private final NitConfig config;
    private final List<String> keys;

    public NitScriptSource(NitConfig config) {
        this.config = config;
        this.keys = new ArrayList<>(config.expectedShapes().keySet());
    }

    /** The weight keys in the order the module reads them from its list argument. */
    public List<String> weightKeys() {
        return keys;
    }

    /** TorchScript source of the whole group forward. */
    public String source() {
        int d = config.hiddenSize;
        int heads = config.numHeads;
        int hd = config.headDim();
        int first = index("blocks.0.attn.qkv.weight");
        int stride = blockStride(first);
        StringBuilder s = new StringBuilder();
        line(s, 0, "class " + CLASS_NAME + "(Module):");
        line(s, 1, "__parameters__ = []");
        line(s, 1, "__buffers__ = []");
        line(s, 1, "training : bool");
        line(s, 1, "def forward(self: __torch__." + CLASS_NAME + ", x: Tensor, c: Tensor, cos: Tensor, sin: Tensor,");
        line(s, 3, "w: List[Tensor]) -> Tensor:");
        line(s, 2, "b = c.size(0)");
        line(s, 2, "n = cos.size(0)");
        line(s, 2, "h = torch.linear(x.to(c.dtype), " + w("x_embedder.proj.weight") + ", " + w("x_embedder.proj.bias")
                + ").view([b, n, " + d + "])");
        line(s, 2, "for i in range(" + config.depth + "):");
        line(s, 3, "o = " + first + " + i * " + stride);
        line(s, 3, "m = torch.linear(c, " + wb("adaLN_modulation.1.weight") + ", " + wb("adaLN_modulation.1.bias")
                + ").view([b, 1, 6, " + d + "]).unbind(2)");
        // attention half: adaLN, qkv, per-head q/k norm, 2D RoPE, fused SDPA, projection, gate
        line(s, 3, "a = torch.layer_norm(h, [" + d + "], None, None, 1e-06, False) * m[1] + m[0]");
        line(s, 3, "qkv = torch.linear(a, " + wb("attn.qkv.weight") + ", " + wb("attn.qkv.bias")
                + ").view([b, n, 3, " + heads + ", " + hd + "]).unbind(2)");
        String q = "qkv[0]";
        String k = "qkv[1]";
        if (config.qkNorm) {
            line(s, 3, "q = torch.layer_norm(qkv[0], [" + hd + "], " + wb("attn.q_norm.weight") + ", "
                    + wb("attn.q_norm.bias") + ", 1e-05, False)");
            line(s, 3, "k = torch.layer_norm(qkv[1], [" + hd + "], " + wb("attn.k_norm.weight") + ", "
                    + wb("attn.k_norm.bias") + ", 1e-05, False)");
            q = "q";
            k = "k";
        } else {
            // without the q LayerNorm there is nothing to fold the attention scale into
            line(s, 3, "q = qkv[0] * " + String.format(Locale.ROOT, "%.17g", 1.0 / Math.sqrt(hd)));
            q = "q";
        }
        line(s, 3, "q = " + rotate(q) + ".transpose(1, 2)");
        line(s, 3, "k = " + rotate(k) + ".transpose(1, 2)");
        line(s, 3, "v = qkv[2].transpose(1, 2)");
        line(s, 3, "a = torch.scaled_dot_product_attention(q, k, v, None, 0., False, scale=1.)");
        line(s, 3, "a = torch.linear(a.transpose(1, 2).reshape([b, n, " + d + "]), " + wb("attn.proj.weight") + ", "
                + wb("attn.proj.bias") + ")");
        line(s, 3, "h = h + a * m[2]");
        // MLP half
        line(s, 3, "a = torch.layer_norm(h, [" + d + "], None, None, 1e-06, False) * m[4] + m[3]");
        line(s, 3, "a = torch.gelu(torch.linear(a, " + wb("mlp.fc1.weight") + ", " + wb("mlp.fc1.bias")
                + "), approximate=\"tanh\")");
        line(s, 3, "h = h + torch.linear(a, " + wb("mlp.fc2.weight") + ", " + wb("mlp.fc2.bias") + ") * m[5]");
        line(s, 2, "f = torch.linear(c, " + w("final_layer.adaLN_modulation.1.weight") + ", "
                + w("final_layer.adaLN_modulation.1.bias") + ").view([b, 1, 2, " + d + "]).unbind(2)");
        line(s, 2, "h = torch.layer_norm(h, [" + d + "], None, None, 1e-06, False) * f[1] + f[0]");
        line(s, 2, "out = torch.linear(h, " + w("final_layer.linear.weight") + ", " + w("final_layer.linear.bias") + ")");
        line(s, 2, "return out.reshape([b * n, " + config.inChannels + "]).float()");
        return s.toString();
    }

    /** x cos + swap(x) sin, swap(x)[2k] = -x[2k+1], swap(x)[2k+1] = x[2k]: RoPE on interleaved pairs. */
    private String rotate(String x) {
        int hd = config.headDim();
        return "(" + x + " * cos + torch.stack([-" + x + "[:, :, :, 1::2], " + x + "[:, :, :, 0::2]], -1).view(["
                + "b, n, " + config.numHeads + ", " + hd + "]) * sin)";
    }

    private int blockStride(int first) {
        if (config.depth == 1) {
            return 0;
        }
        int stride = index("blocks.1.attn.qkv.weight") - first;
        // the loop addresses block i's tensors as block 0's plus i * stride: check that layout
        for (int i = 0; i < config.depth; i++) {
            for (int j = 0; j < stride; j++) {
                String key0 = keys.get(first + j);
                String expected = "blocks." + i + key0.substring("blocks.0".length());
                if (!keys.get(first + i * stride + j).equals(expected)) {
                    throw new IllegalStateException("weight order is not block-major at " + expected);
                }
            }
        }
        return stride;
    }

    private String w(String key) {
        return "w[" + index(key) + "]";
    }

    /** Block i's tensor: its offset within block 0, added to the loop's base o. */
    private String wb(String suffix) {
        int offset = index("blocks.0." + suffix) - index("blocks.0.attn.qkv.weight");
        return "w[o + " + offset + "]";
    }

    private int index(String key) {
        int i = keys.indexOf(key);
        if (i < 0) {
            throw new IllegalStateException("the NiT config has no weight " + key);
        }
        return i;
    }

    private static void line(StringBuilder s, int indent, String text) {
        s.append("  ".repeat(indent)).append(text).append('\n');
    }
}
