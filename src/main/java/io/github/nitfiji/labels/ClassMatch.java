package io.github.nitfiji.labels;

import java.util.Locale;

/** One candidate class for a piece of text, with a score in [0, 1] and the reason for it. */
public final class ClassMatch {
    private final ImageNetClass imageNetClass;
    private final String matchedName;
    private final double score;
    private final String why;

    ClassMatch(ImageNetClass imageNetClass, String matchedName, double score, String why) {
        this.imageNetClass = imageNetClass;
        this.matchedName = matchedName;
        this.score = score;
        this.why = why;
    }

    /** The class label to condition the model on. */
    public int index() {
        return imageNetClass.index();
    }

    /** The class's common name. */
    public String name() {
        return imageNetClass.name();
    }

    public String wordNetId() {
        return imageNetClass.wordNetId();
    }

    public ImageNetClass imageNetClass() {
        return imageNetClass;
    }

    /** The synonym the text matched (may differ from {@link #name()}). */
    public String matchedName() {
        return matchedName;
    }

    /** 1 for an exact name, index or WordNet id; lower for partial and misspelt matches. */
    public double score() {
        return score;
    }

    /** Why it matched, e.g. "exact name", "words red, fox of 'red fox'", "typo goldn~golden". */
    public String why() {
        return why;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d %s (%.2f, %s)", index(), name(), score, why);
    }
}
