package io.github.nitfiji.labels;

import io.github.nitfiji.io.UserText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the ImageNet classes a piece of text means, e.g. "a red fox in the snow" -> 277 red fox.
 *
 * <p>Scores, per synonym of each class (the best synonym counts):
 * <ul>
 *   <li>1.0: the index ("207"), the WordNet id ("n02099601"), or the exact name after
 *       normalisation (case, punctuation, filler words and simple plurals ignored, see {@link Words});</li>
 *   <li>up to 0.9: word overlap, {@code 0.9 * (0.8 recall + 0.2 precision)}, where recall is the share
 *       of the name's words found in the text and precision the share of the text's words found
 *       in the name, each word weighted by rarity (IDF over the classes, so "retriever" counts
 *       more than "dog"). Misspelt words (not in the vocabulary) match a name word within
 *       1 edit (words of 4-7 letters) or 2 edits (8+), counting {@code 1 - edits / (2 * length)};</li>
 *   <li>up to 0.3: only letter-trigram resemblance, so unknown text still gets suggestions.</li>
 * </ul>
 *
 * <p>{@link #resolve} picks a class only when the winner is clear: score at least
 * {@value #CONFIDENT_SCORE} and at least {@value #CONFIDENT_MARGIN} ahead of the next class.
 * So an exact name wins, a name fully present in a longer prompt wins, a single word shared by
 * several classes ("retriever", "crane") does not, and gibberish never does.
 */
public final class ClassMatcher {
    /** Minimum score of a confident choice (a partial match must cover most of a name). */
    public static final double CONFIDENT_SCORE = 0.6;
    /** Minimum lead over the runner-up for a confident choice. */
    public static final double CONFIDENT_MARGIN = 0.1;
    private static final double OVERLAP_CAP = 0.9;
    private static final double RECALL_WEIGHT = 0.8;
    private static final double WEAK_CAP = 0.3;
    private static final int SUGGESTIONS = 5;
    private static final Pattern INDEX = Pattern.compile("\\d{1,9}");
    private static final Pattern WORDNET_ID = Pattern.compile("n\\d{8}", Pattern.CASE_INSENSITIVE);
    private static volatile ClassMatcher standard;

    /** One synonym of one class, pre-normalised. */
    private static final class Entry {
        final ImageNetClass cls;
        final String name;
        final List<String> words;
        final String joined;
        final Set<String> trigrams;

        Entry(ImageNetClass cls, String name) {
            this.cls = cls;
            this.name = name;
            this.words = Words.of(name);
            this.joined = String.join(" ", words);
            this.trigrams = Words.trigrams(joined);
        }
    }

    private final ImageNetClasses classes;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Double> idf = new HashMap<>();
    private final double maxIdf;

    public ClassMatcher(ImageNetClasses classes) {
        this.classes = classes;
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (ImageNetClass c : classes.all()) {
            Set<String> seen = new HashSet<>();
            for (String n : c.names()) {
                Entry e = new Entry(c, n);
                if (!e.words.isEmpty()) {
                    entries.add(e);
                    seen.addAll(e.words);
                }
            }
            for (String w : seen) {
                documentFrequency.merge(w, 1, Integer::sum);
            }
        }
        int n = Math.max(1, classes.size());
        documentFrequency.forEach((w, df) -> idf.put(w, Math.log(1.0 + (double) n / df)));
        maxIdf = Math.log(1.0 + n);
    }

    /** A matcher over the bundled class list (built once). */
    public static ClassMatcher standard() {
        ClassMatcher m = standard;
        if (m == null) {
            synchronized (ClassMatcher.class) {
                if (standard == null) {
                    standard = new ClassMatcher(ImageNetClasses.standard());
                }
                m = standard;
            }
        }
        return m;
    }

    /** The best {@code limit} classes for {@code text}, best first; empty if nothing resembles it at all. */
    public List<ClassMatch> match(String text, int limit) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty() || limit <= 0) {
            return List.of();
        }
        if (INDEX.matcher(t).matches()) {
            int index = Integer.parseInt(t);
            return index < classes.size()
                    ? List.of(new ClassMatch(classes.get(index), classes.get(index).name(), 1.0, "class index " + index))
                    : List.of();
        }
        if (WORDNET_ID.matcher(t).matches()) {
            return classes.byWordNetId(t)
                    .map(c -> List.of(new ClassMatch(c, c.name(), 1.0, "WordNet id " + c.wordNetId())))
                    .orElse(List.of());
        }
        List<String> query = Words.of(t);
        if (query.isEmpty()) {
            return List.of();
        }
        Map<String, Map<String, Double>> typos = typoCandidates(query);
        String joined = String.join(" ", query);
        Set<String> queryTrigrams = Words.trigrams(joined);
        Map<Integer, ClassMatch> best = new HashMap<>();
        for (Entry e : entries) {
            ClassMatch m = score(e, query, joined, typos);
            if (m == null) {
                double dice = dice(queryTrigrams, e.trigrams);
                if (dice > 0) {
                    m = new ClassMatch(e.cls, e.name, WEAK_CAP * dice, "only resembles '" + e.name + "'");
                }
            }
            if (m != null) {
                ClassMatch previous = best.get(e.cls.index());
                if (previous == null || m.score() > previous.score()) {
                    best.put(e.cls.index(), m);
                }
            }
        }
        List<ClassMatch> ranked = new ArrayList<>(best.values());
        ranked.sort(Comparator.comparingDouble(ClassMatch::score).reversed().thenComparingInt(ClassMatch::index));
        return ranked.size() > limit ? List.copyOf(ranked.subList(0, limit)) : List.copyOf(ranked);
    }

    /**
     * The class {@code text} clearly means (see the class comment for "clearly"); otherwise an
     * exception carrying the closest suggestions, never a guess.
     */
    public ClassMatch resolve(String text) throws UnknownClassException {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw new UnknownClassException(t, "no class given: type a class name (e.g. 'golden retriever'), "
                    + "an index 0-" + (classes.size() - 1) + " or a WordNet id (e.g. n02099601)", List.of());
        }
        if (INDEX.matcher(t).matches() && (t.length() > 6 || Integer.parseInt(t) >= classes.size())) {
            throw new UnknownClassException(t, "class index " + UserText.shown(t) + " is out of range: ImageNet classes are 0-"
                    + (classes.size() - 1), List.of());
        }
        List<ClassMatch> top = match(t, SUGGESTIONS);
        if (top.isEmpty()) {
            throw new UnknownClassException(t, WORDNET_ID.matcher(t).matches()
                    ? "WordNet id " + t + " is not one of the 1000 ImageNet classes"
                    : "nothing resembles '" + UserText.shown(t) + "' among the ImageNet classes", top);
        }
        ClassMatch first = top.get(0);
        double lead = top.size() > 1 ? first.score() - top.get(1).score() : first.score();
        if (first.score() >= CONFIDENT_SCORE && lead >= CONFIDENT_MARGIN) {
            return first;
        }
        String problem = first.score() >= CONFIDENT_SCORE
                ? "'" + UserText.shown(t) + "' is ambiguous among ImageNet classes"
                : "no ImageNet class clearly matches '" + UserText.shown(t) + "'";
        StringBuilder msg = new StringBuilder(problem).append("; closest: ");
        for (int i = 0; i < top.size(); i++) {
            ClassMatch m = top.get(i);
            msg.append(i == 0 ? "" : ", ").append(m.index()).append(' ').append(m.name())
                    .append(String.format(Locale.ROOT, " (%.2f)", m.score()));
        }
        msg.append(". Use one of these names or its index.");
        throw new UnknownClassException(t, msg.toString(), top);
    }

    private ClassMatch score(Entry e, List<String> query, String joined, Map<String, Map<String, Double>> typos) {
        if (e.joined.equals(joined)) {
            boolean common = e.name.equals(e.cls.name());
            return new ClassMatch(e.cls, e.name, 1.0, common ? "exact name" : "exact synonym '" + e.name + "'");
        }
        double recallNum = 0;
        double recallDen = 0;
        List<String> matched = new ArrayList<>();
        Map<String, Double> querySim = new HashMap<>();
        for (String w : e.words) {
            double weight = idf.getOrDefault(w, maxIdf);
            recallDen += weight;
            double bestSim = 0;
            String bestQuery = null;
            for (String q : query) {
                double s = q.equals(w) ? 1.0 : typos.getOrDefault(q, Map.of()).getOrDefault(w, 0.0);
                if (s > bestSim) {
                    bestSim = s;
                    bestQuery = q;
                }
            }
            if (bestQuery != null) {
                recallNum += weight * bestSim;
                querySim.merge(bestQuery, bestSim, Math::max);
                matched.add(bestQuery.equals(w) ? w : bestQuery + "~" + w);
            }
        }
        if (recallNum == 0) {
            return null;
        }
        double precisionNum = 0;
        double precisionDen = 0;
        for (String q : query) {
            double weight = queryWeight(q, typos);
            precisionDen += weight;
            precisionNum += weight * querySim.getOrDefault(q, 0.0);
        }
        double recall = recallNum / recallDen;
        double precision = precisionNum / precisionDen;
        double score = OVERLAP_CAP * (RECALL_WEIGHT * recall + (1 - RECALL_WEIGHT) * precision);
        String why = (matched.stream().anyMatch(m -> m.contains("~")) ? "with typos, words " : "words ")
                + String.join(", ", matched) + " of '" + e.name + "'";
        return new ClassMatch(e.cls, e.name, score, why);
    }

    /** A text word's weight: its rarity if we know it, the rarity of what it is a typo of, else the maximum. */
    private double queryWeight(String q, Map<String, Map<String, Double>> typos) {
        Double known = idf.get(q);
        if (known != null) {
            return known;
        }
        double w = 0;
        for (String candidate : typos.getOrDefault(q, Map.of()).keySet()) {
            w = Math.max(w, idf.getOrDefault(candidate, 0.0));
        }
        return w > 0 ? w : maxIdf;
    }

    /** For each text word we do not know, the vocabulary words it may be a misspelling of, with their similarity. */
    private Map<String, Map<String, Double>> typoCandidates(List<String> query) {
        Map<String, Map<String, Double>> out = new HashMap<>();
        for (String q : query) {
            if (idf.containsKey(q) || q.chars().anyMatch(Character::isDigit)) {
                continue;
            }
            Map<String, Double> candidates = new HashMap<>();
            for (String w : idf.keySet()) {
                int max = Words.allowedEdits(q, w);
                if (max == 0) {
                    continue;
                }
                int d = Words.distance(q, w, max);
                if (d <= max) {
                    candidates.put(w, 1.0 - 0.5 * d / Math.max(q.length(), w.length()));
                }
            }
            if (!candidates.isEmpty()) {
                out.put(q, candidates);
            }
        }
        return out;
    }

    private static double dice(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        int common = 0;
        for (String g : a) {
            if (b.contains(g)) {
                common++;
            }
        }
        return 2.0 * common / (a.size() + b.size());
    }
}
