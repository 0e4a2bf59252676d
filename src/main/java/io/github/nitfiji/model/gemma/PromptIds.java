package io.github.nitfiji.model.gemma;

/** A caption's token ids as the encoder runs them ({@code <bos>} first), and how many were cut off. */
public final class PromptIds {
    private final int[] ids;
    private final int dropped;

    PromptIds(int[] ids, int dropped) {
        this.ids = ids;
        this.dropped = dropped;
    }

    public int[] ids() {
        return ids.clone();
    }

    public int length() {
        return ids.length;
    }

    /** Text tokens beyond the limit, left out (a front door should say so). */
    public int dropped() {
        return dropped;
    }
}
