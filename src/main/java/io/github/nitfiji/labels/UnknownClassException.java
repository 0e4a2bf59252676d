package io.github.nitfiji.labels;

import java.util.List;

/**
 * The text does not name one ImageNet class clearly enough to pick it. Carries the closest
 * candidates so the caller can offer them instead of guessing.
 */
public final class UnknownClassException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String text;
    private final transient List<ClassMatch> suggestions;

    UnknownClassException(String text, String message, List<ClassMatch> suggestions) {
        super(message);
        this.text = text;
        this.suggestions = List.copyOf(suggestions);
    }

    /** The text that was looked up. */
    public String text() {
        return text;
    }

    /** Closest classes, best first (may be empty). */
    public List<ClassMatch> suggestions() {
        return suggestions;
    }
}
