package io.github.nitfiji.labels;

import java.util.List;
import java.util.Locale;

/** One candidate class for a piece of text, with a score in [0, 1] and the reason for it. */
public final class ClassMatch {
    private final ClassLabel label;
    private final String matchedName;
    private final double score;
    private final String why;
    private final List<String> falseFriends;

    ClassMatch(ClassLabel label, String matchedName, double score, String why, List<String> falseFriends) {
        this.label = label;
        this.matchedName = matchedName;
        this.score = score;
        this.why = why;
        this.falseFriends = List.copyOf(falseFriends);
    }

    /** The class label to condition the model on. */
    public int index() {
        return label.index();
    }

    /** The class's common name. */
    public String name() {
        return label.name();
    }

    /** WordNet id; empty for a fine-tune's own class. */
    public String wordNetId() {
        return label.wordNetId();
    }

    public ClassLabel label() {
        return label;
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

    /**
     * The life-science false friends this match rests on ("cell" for 487 cellular telephone);
     * empty for a real match. A class model never picks a match that rests on them alone.
     */
    public List<String> falseFriends() {
        return falseFriends;
    }

    public boolean isFalseFriend() {
        return !falseFriends.isEmpty();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d %s (%.2f, %s)", index(), name(), score, why);
    }
}
