package io.github.nitfiji.labels;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The classes a class model can draw: ImageNet's 1000 (labels 0-999) and, for a fine-tune, its
 * own named classes (labels 1001, 1002, ...). Label 1000 between them is the null class that
 * guidance uses; it is never a choice.
 */
public final class ClassTable {
    /** The "no class" label of classifier-free guidance. */
    public static final int NULL_CLASS = ImageNetClasses.COUNT;
    /** The label of a fine-tune's first own class. */
    public static final int FIRST_OWN_CLASS = NULL_CLASS + 1;
    private static volatile ClassTable imageNet;

    private final ImageNetClasses imageNetClasses;
    private final List<ClassLabel> own;

    private ClassTable(ImageNetClasses imageNetClasses, List<ClassLabel> own) {
        this.imageNetClasses = imageNetClasses;
        this.own = List.copyOf(own);
    }

    /** ImageNet's bundled 1000 classes and no others (built once). */
    public static ClassTable imageNet() {
        ClassTable t = imageNet;
        if (t == null) {
            synchronized (ClassTable.class) {
                if (imageNet == null) {
                    imageNet = new ClassTable(ImageNetClasses.standard(), List.of());
                }
                t = imageNet;
            }
        }
        return t;
    }

    /**
     * This table plus a fine-tune's own classes, one name each, at labels 1001, 1002, ... in the
     * given order (after any own classes already here).
     *
     * @throws IllegalArgumentException for a name with no word to match (blank, only a number or
     *         filler words), or one that repeats another own class after normalisation
     */
    public ClassTable withOwnClasses(List<String> names) {
        List<ClassLabel> all = new ArrayList<>(own);
        Map<String, String> seen = new HashMap<>();
        for (ClassLabel c : own) {
            seen.put(String.join(" ", Words.of(c.name())), c.name());
        }
        for (String name : names) {
            String trimmed = name == null ? "" : name.trim();
            List<String> words = Words.of(trimmed);
            if (words.isEmpty() || !trimmed.matches(".*\\p{L}.*")) {
                throw new IllegalArgumentException("class name '" + trimmed + "' has no word to match a prompt"
                        + " against: name each class with a word or two, e.g. 'HeLa cell'");
            }
            String earlier = seen.putIfAbsent(String.join(" ", words), trimmed);
            if (earlier != null) {
                throw new IllegalArgumentException("class names '" + earlier + "' and '" + trimmed
                        + "' are the same name: give each class a name of its own");
            }
            all.add(new ClassLabel(FIRST_OWN_CLASS + all.size(), "", List.of(trimmed)));
        }
        return new ClassTable(imageNetClasses, all);
    }

    /** ImageNet's classes, label order. */
    public List<ClassLabel> imageNetClasses() {
        return imageNetClasses.all();
    }

    /** A fine-tune's own classes, label order; empty for a base model. */
    public List<ClassLabel> ownClasses() {
        return own;
    }

    /** The class with this label; empty for the null class and for labels the model does not have. */
    public Optional<ClassLabel> byIndex(int index) {
        if (index >= 0 && index < imageNetClasses.size()) {
            return Optional.of(imageNetClasses.get(index));
        }
        int ownIndex = index - FIRST_OWN_CLASS;
        return ownIndex >= 0 && ownIndex < own.size() ? Optional.of(own.get(ownIndex)) : Optional.empty();
    }

    public Optional<ClassLabel> byWordNetId(String wordNetId) {
        return imageNetClasses.byWordNetId(wordNetId);
    }

    /** The labels a prompt may give: "0-999", or "0-999 and 1001-1003" for a fine-tune. */
    public String labels() {
        String imageNetLabels = "0-" + (imageNetClasses.size() - 1);
        if (own.isEmpty()) {
            return imageNetLabels;
        }
        int last = FIRST_OWN_CLASS + own.size() - 1;
        return imageNetLabels + " and " + FIRST_OWN_CLASS + (last > FIRST_OWN_CLASS ? "-" + last : "");
    }

    @Override
    public String toString() {
        return imageNetClasses.size() + " ImageNet classes" + (own.isEmpty() ? "" : " and " + own.size() + " own");
    }
}
