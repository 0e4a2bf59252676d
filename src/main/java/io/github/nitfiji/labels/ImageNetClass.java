package io.github.nitfiji.labels;

import java.util.List;

/** One of the 1000 ImageNet-1k classes NiT is conditioned on. */
public final class ImageNetClass {
    private final int index;
    private final String wordNetId;
    private final List<String> names;

    ImageNetClass(int index, String wordNetId, List<String> names) {
        this.index = index;
        this.wordNetId = wordNetId;
        this.names = List.copyOf(names);
    }

    /** The label the model was trained with, 0..999. */
    public int index() {
        return index;
    }

    /** WordNet synset id, e.g. "n02099601". */
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

    @Override
    public String toString() {
        return index + " " + name();
    }
}
