package io.github.nitfiji;

/** How attention is evaluated: composed eager ops, or PyTorch's fused kernel via TorchScript. */
public enum AttentionKind {
    EAGER, FUSED
}
