package io.github.nitfiji.labels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the class a piece of text means, e.g. "a red fox in the snow" -> 277 red fox, and
 * refuses to guess when it means none clearly.
 *
 * <p>A match is a word-level match, never letters inside another word ("neuron" shares nothing
 * with "iron", "microscope" nothing with "oscilloscope"). Scores, per name of each class (the
 * best name counts):
 * <ul>
 *   <li>1.0: the label ("207"), the WordNet id ("n02099601"), or the exact name after
 *       normalisation (case, punctuation, filler words and simple plurals ignored, see {@link Words});</li>
 *   <li>up to 0.9: word overlap, {@code 0.9 * (0.8 recall + 0.2 precision)}, where recall is the share
 *       of the name's words found in the text and precision the share of the text's words found
 *       in the name, each word weighted by rarity (IDF over the classes, so "retriever" counts
 *       more than "dog"). A word we do not know may be a misspelling of a name's word with the
 *       same first letter, within 1 edit (words of 4-7 letters) or 2 edits (8+), counting
 *       {@code 1 - edits / (2 * length)}; a match that needs one stays below a choice unless the
 *       text is just that name.</li>
 * </ul>
 *
 * <p>Life-science false friends ({@code false_friends.tsv}): "cell" is one of ImageNet's names of
 * 487 cellular telephone, "tissue" of 999 toilet tissue, "slide" of 584 hair slide. A match that
 * rests on such words alone is shown but never picked, unless the text holds the class's whole
 * name of two words or more ("hair slide", "lab coat") or a curated everyday name ("cell phone").
 *
 * <p>{@link #resolve} picks a class only when the winner is clear: score at least
 * {@value #CONFIDENT_SCORE} and at least {@value #CONFIDENT_MARGIN} ahead of the next class. So an
 * exact name wins, a name fully present in a longer prompt wins, a single word shared by several
 * classes ("retriever", "crane") does not, and gibberish never does. A fine-tune's own classes
 * ({@link ClassTable#withOwnClasses}) are tried first: a clear match among them wins, unless the
 * text is exactly the name of an ImageNet class and only partly an own class's.
 */
public final class ClassMatcher {
    /** Minimum score of a confident choice (a partial match must cover most of a name). */
    public static final double CONFIDENT_SCORE = 0.6;
    /** Minimum lead over the runner-up for a confident choice. */
    public static final double CONFIDENT_MARGIN = 0.1;
    private static final Pattern INDEX = Pattern.compile("\\d{1,9}");
    private static final Pattern WORDNET_ID = Pattern.compile("n\\d{8}", Pattern.CASE_INSENSITIVE);
    private static final Comparator<ClassMatch> BEST_FIRST =
            Comparator.comparingDouble(ClassMatch::score).reversed().thenComparingInt(ClassMatch::index);
    private static volatile ClassMatcher standard;

    private final ClassTable table;
    private final NameIndex names;

    /** A matcher over {@code table}: ImageNet's classes and a fine-tune's own, if any. */
    public ClassMatcher(ClassTable table) {
        this.table = table;
        this.names = new NameIndex(table, CuratedNames.standard());
    }

    /** A matcher over ImageNet's 1000 classes (built once). */
    public static ClassMatcher standard() {
        ClassMatcher m = standard;
        if (m == null) {
            synchronized (ClassMatcher.class) {
                if (standard == null) {
                    standard = new ClassMatcher(ClassTable.imageNet());
                }
                m = standard;
            }
        }
        return m;
    }

    public ClassTable table() {
        return table;
    }

    /**
     * The best {@code limit} classes for {@code text}: a fine-tune's own classes first, then
     * ImageNet's, each best first (false-friend matches included, marked); empty when no class
     * shares a word with it.
     */
    public List<ClassMatch> match(String text, int limit) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty() || limit <= 0) {
            return List.of();
        }
        Optional<List<ClassMatch>> byId = byLabelOrId(t);
        if (byId.isPresent()) {
            return byId.get();
        }
        Ranked ranked = rank(t);
        List<ClassMatch> all = new ArrayList<>(ranked.own);
        List<ClassMatch> imageNet = new ArrayList<>(ranked.real);
        imageNet.addAll(ranked.falseFriends);
        imageNet.sort(BEST_FIRST);
        all.addAll(imageNet);
        return all.size() > limit ? List.copyOf(all.subList(0, limit)) : List.copyOf(all);
    }

    /**
     * The class {@code text} clearly means (see the class comment for "clearly"); otherwise an
     * exception whose message names the closest classes and what to do, never a guess.
     */
    public ClassMatch resolve(String text) throws UnknownClassException {
        String t = text == null ? "" : text.trim();
        Refusal refusal = new Refusal(t, table, names);
        if (t.isEmpty()) {
            throw refusal.noText();
        }
        Optional<List<ClassMatch>> byId = byLabelOrId(t);
        if (byId.isPresent()) {
            if (!byId.get().isEmpty()) {
                return byId.get().get(0);
            }
            throw INDEX.matcher(t).matches() ? refusal.unknownLabel(label(t)) : refusal.unknownWordNetId();
        }
        Ranked ranked = rank(t);
        Optional<ClassMatch> realWinner = clearWinner(ranked.real);
        Optional<ClassMatch> ownWinner = clearWinner(ranked.own);
        boolean exactImageNetName = realWinner.map(m -> m.score() >= 1).orElse(false);
        if (ownWinner.isPresent() && (ownWinner.get().score() >= 1 || !exactImageNetName)) {
            return ownWinner.get();
        }
        if (ambiguous(ranked.own)) {
            throw refusal.ambiguous(ranked.own, "the model's own classes");
        }
        if (realWinner.isPresent()) {
            return realWinner.get();
        }
        if (ambiguous(ranked.real) && ranked.falseFriends.isEmpty()) {
            throw refusal.ambiguous(ranked.real, "ImageNet classes");
        }
        throw refusal.noClearMatch(ranked.own, ranked.real, ranked.falseFriends);
    }

    private static ClassMatch exact(ClassLabel c, String why) {
        return new ClassMatch(c, c.name(), 1.0, why, List.of());
    }

    /** The class a label ("207") or WordNet id names (empty list: none), or empty for any other text. */
    private Optional<List<ClassMatch>> byLabelOrId(String t) {
        if (INDEX.matcher(t).matches()) {
            int label = label(t);
            return Optional.of(table.byIndex(label).map(c -> List.of(exact(c, "class index " + label)))
                    .orElse(List.of()));
        }
        if (WORDNET_ID.matcher(t).matches()) {
            return Optional.of(table.byWordNetId(t).map(c -> List.of(exact(c, "WordNet id " + c.wordNetId())))
                    .orElse(List.of()));
        }
        return Optional.empty();
    }

    /** A label's value; labels too long for an int are no label of any model. */
    private static int label(String digits) {
        return digits.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }

    private static Optional<ClassMatch> clearWinner(List<ClassMatch> ranked) {
        if (ranked.isEmpty()) {
            return Optional.empty();
        }
        ClassMatch first = ranked.get(0);
        double lead = ranked.size() > 1 ? first.score() - ranked.get(1).score() : first.score();
        return first.score() >= CONFIDENT_SCORE && lead >= CONFIDENT_MARGIN ? Optional.of(first) : Optional.empty();
    }

    private static boolean ambiguous(List<ClassMatch> ranked) {
        return !ranked.isEmpty() && ranked.get(0).score() >= CONFIDENT_SCORE && clearWinner(ranked).isEmpty();
    }

    /** A text's candidates in three groups, each best first. */
    private static final class Ranked {
        final List<ClassMatch> own = new ArrayList<>();
        final List<ClassMatch> real = new ArrayList<>();
        final List<ClassMatch> falseFriends = new ArrayList<>();
    }

    private Ranked rank(String text) {
        Ranked r = new Ranked();
        List<String> query = Words.of(text);
        if (query.isEmpty()) {
            return r;
        }
        for (ClassMatch m : names.matches(query)) {
            (m.label().isOwn() ? r.own : m.isFalseFriend() ? r.falseFriends : r.real).add(m);
        }
        r.own.sort(BEST_FIRST);
        r.real.sort(BEST_FIRST);
        r.falseFriends.sort(BEST_FIRST);
        return r;
    }
}
