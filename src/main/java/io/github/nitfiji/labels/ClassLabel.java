package io.github.nitfiji.labels;

import java.util.List;

/**
 * One class a class model is conditioned on: one of ImageNet's 1000 (labels 0-999, with a
 * WordNet id) or one a fine-tune taught it (its own, labels from {@value ClassTable#FIRST_OWN_CLASS}).
 */
public final class ClassLabel {
    private final int index;
    private final String wordNetId;
    private final List<String> names;

    ClassLabel(int index, String wordNetId, List<String> names) {
        this.index = index;
        this.wordNetId = wordNetId;
        this.names = List.copyOf(names);
    }

    /** The label the model is conditioned on: 0..999 for ImageNet's, 1001 and up for a fine-tune's own. */
    public int index() {
        return index;
    }

    /** WordNet synset id, e.g. "n02099601"; empty for a fine-tune's own class. */
    public String wordNetId() {
        return wordNetId;
    }

    /** The common name, e.g. "golden retriever". */
    public String name() {
        return names.get(0);
    }

    /** All synonyms, common name first. */
    public List<String> names() {
        return names;
    }

    /** True for a class a fine-tune taught the model, false for ImageNet's. */
    public boolean isOwn() {
        return index > ClassTable.NULL_CLASS;
    }

    @Override
    public String toString() {
        return index + " " + name();
    }
}
