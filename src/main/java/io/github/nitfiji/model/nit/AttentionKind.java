package io.github.nitfiji.model.nit;

/** How attention is evaluated: composed eager ops, or PyTorch's fused kernel via TorchScript. */
public enum AttentionKind {
    EAGER, FUSED
}
