package io.github.nitfiji.model.transformer;

import java.util.Set;

/**
 * Which official model family a checkpoint's keys come from. NiT and TiM share most key names,
 * so a TiM file given as NiT weights (or the reverse) would otherwise surface as a list of dozens
 * of missing keys; this names the mix-up instead.
 */
public enum CheckpointFamily {
    NIT("a NiT checkpoint", "--nit-weights (or a NiT model id)"),
    TIM_C2I("a TiM-C2I (class-conditional TiM) checkpoint", "--tim-weights (or the model id tim-c2i-512)"),
    TIM_T2I("a TiM-T2I (text-to-image TiM) checkpoint", "the TiM-T2I model"),
    UNKNOWN("an unrecognised checkpoint", "");

    private final String description;
    private final String howToUse;

    CheckpointFamily(String description, String howToUse) {
        this.description = description;
        this.howToUse = howToUse;
    }

    /** Recognises a family by keys only one of them has. */
    public static CheckpointFamily of(Set<String> keys) {
        if (keys.contains("delta_embedder.mlp.0.weight") || keys.contains("blocks.0.attn.qkv_d.weight")) {
            return keys.contains("y_embedder.embedding_table.weight") ? TIM_C2I : TIM_T2I;
        }
        if (keys.contains("blocks.0.adaLN_modulation.1.weight") || keys.contains("blocks.0.mlp.fc1.weight")) {
            return NIT;
        }
        return UNKNOWN;
    }

    /**
     * Null when {@code keys} may belong to {@code expected} (its family, or unrecognisable: the key
     * check then lists what is missing), else a message naming both families and what to do.
     */
    public static String mismatch(CheckpointFamily expected, Set<String> keys, String source) {
        CheckpointFamily found = of(keys);
        if (found == expected || found == UNKNOWN) {
            return null;
        }
        return source + " is " + found.description + ", not " + expected.description + "; give it with "
                + found.howToUse;
    }
}
