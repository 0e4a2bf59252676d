package io.github.nitfiji.labels;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every name of every class of a {@link ClassTable}, normalised ({@link Words}), with the rarity
 * of each word, and the word-level scoring of a text against one name (see {@link ClassMatcher}).
 * A text word counts only as a whole word: equal to a name's word, or (for a word we do not know)
 * a misspelling of one.
 */
final class NameIndex {
    private static final double OVERLAP_CAP = 0.9;
    private static final double RECALL_WEIGHT = 0.8;
    /**
     * The score of a match that needs a typo but is no clear typo: it stays a suggestion. A typo
     * is corrected in a class name, not in a sentence ("cancer cell line" does not become
     * "liner"), and only when few of the letters differ: one edit in five letters is as likely
     * another word ("liver", "plant") as a typo of "liner", "plane".
     */
    private static final double UNCLEAR_TYPO_CAP = 0.5;
    /** The largest share of a text's letters that a clear typo changes ("goldn retreiver": 2 of 14). */
    private static final double CLEAR_TYPO_SHARE = 0.15;

    /** One name of one class, pre-normalised. */
    private static final class Entry {
        final ClassLabel cls;
        final String name;
        final List<String> words;
        final String joined;

        Entry(ClassLabel cls, String name) {
            this.cls = cls;
            this.name = name;
            this.words = Words.of(name);
            this.joined = String.join(" ", words);
        }
    }

    private final CuratedNames curated;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Double> idf = new HashMap<>();
    private final double maxIdf;

    NameIndex(ClassTable table, CuratedNames curated) {
        this.curated = curated;
        Map<String, Integer> documentFrequency = new HashMap<>();
        List<ClassLabel> classes = new ArrayList<>(table.imageNetClasses());
        classes.addAll(table.ownClasses());
        for (ClassLabel c : classes) {
            Set<String> seen = new HashSet<>();
            List<String> names = new ArrayList<>(c.names());
            if (!c.isOwn()) {
                names.addAll(curated.synonyms(c.index()));
            }
            for (String n : names) {
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

    /** Whether {@code word} (normalised) occurs in some class name. */
    boolean knows(String word) {
        return idf.containsKey(word);
    }

    /**
     * For each class that shares a word with {@code query}: its best real match or, when it has
     * none, its best false-friend match.
     */
    List<ClassMatch> matches(List<String> query) {
        Map<String, Map<String, Integer>> typos = typoCandidates(query);
        String joined = String.join(" ", query);
        Map<Integer, ClassMatch> best = new HashMap<>();
        for (Entry e : entries) {
            ClassMatch m = score(e, query, joined, typos);
            if (m == null) {
                continue;
            }
            ClassMatch previous = best.get(e.cls.index());
            if (previous == null || better(m, previous)) {
                best.put(e.cls.index(), m);
            }
        }
        return new ArrayList<>(best.values());
    }

    private static boolean better(ClassMatch m, ClassMatch previous) {
        if (m.isFalseFriend() != previous.isFalseFriend()) {
            return !m.isFalseFriend();
        }
        return m.score() > previous.score();
    }

    private ClassMatch score(Entry e, List<String> query, String joined, Map<String, Map<String, Integer>> typos) {
        if (e.joined.equals(joined)) {
            List<String> falseFriends = falseFriends(e, e.words, joined);
            boolean common = e.name.equals(e.cls.name());
            return new ClassMatch(e.cls, e.name, 1.0, (common ? "exact name" : "exact synonym '" + e.name + "'")
                    + falseFriendNote(falseFriends), falseFriends);
        }
        double recallNum = 0;
        double recallDen = 0;
        List<String> matched = new ArrayList<>();
        List<String> hitWords = new ArrayList<>();
        Map<String, Double> querySim = new HashMap<>();
        int edits = 0;
        for (String w : e.words) {
            double weight = idf.getOrDefault(w, maxIdf);
            recallDen += weight;
            double bestSim = 0;
            String bestQuery = null;
            for (String q : query) {
                double s = q.equals(w) ? 1.0 : similarity(q, w, typos.getOrDefault(q, Map.of()).get(w));
                if (s > bestSim) {
                    bestSim = s;
                    bestQuery = q;
                }
            }
            if (bestQuery != null) {
                recallNum += weight * bestSim;
                querySim.merge(bestQuery, bestSim, Math::max);
                edits += bestQuery.equals(w) ? 0 : typos.get(bestQuery).get(w);
                matched.add(bestQuery.equals(w) ? w : bestQuery + "~" + w);
                hitWords.add(w);
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
        boolean typo = edits > 0;
        int letters = query.stream().mapToInt(String::length).sum();
        if (typo && (querySim.size() < query.size() || edits > CLEAR_TYPO_SHARE * letters)) {
            score = Math.min(score, UNCLEAR_TYPO_CAP);
        }
        List<String> falseFriends = falseFriends(e, hitWords, joined);
        if (typo && !falseFriends.isEmpty()) {
            return null; // a misspelt false friend is no evidence at all ("96-well" is not a wall)
        }
        String why = (typo ? "with typos, words " : "words ") + String.join(", ", matched) + " of '" + e.name + "'"
                + falseFriendNote(falseFriends);
        return new ClassMatch(e.cls, e.name, score, why, falseFriends);
    }

    /**
     * The false friends a match of name {@code e} rests on: all of its hit words when every one
     * is a false friend of the class, and the text does not hold the whole name (of two words or
     * more) as a phrase ("hair slide", "lab coat" name their class); else none.
     */
    private List<String> falseFriends(Entry e, List<String> hitWords, String joinedQuery) {
        if (e.cls.isOwn()) {
            return List.of();
        }
        for (String w : hitWords) {
            if (!curated.isFalseFriend(w, e.cls.index())) {
                return List.of();
            }
        }
        if (e.words.size() > 1 && (" " + joinedQuery + " ").contains(" " + e.joined + " ")) {
            return List.of();
        }
        return hitWords;
    }

    private String falseFriendNote(List<String> falseFriends) {
        if (falseFriends.isEmpty()) {
            return "";
        }
        List<String> meanings = new ArrayList<>();
        for (String w : falseFriends) {
            meanings.add("'" + curated.spelling(w) + "' means " + curated.labMeaning(w).orElse(w));
        }
        return " (a false friend: in the lab " + String.join("; ", meanings) + ")";
    }

    /** A text word's weight: its rarity if we know it, the rarity of what it is a typo of, else the maximum. */
    private double queryWeight(String q, Map<String, Map<String, Integer>> typos) {
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

    /** A misspelt word's similarity to the name word it is {@code edits} away from; 0 for none. */
    private static double similarity(String q, String w, Integer edits) {
        return edits == null ? 0 : 1.0 - 0.5 * edits / Math.max(q.length(), w.length());
    }

    /**
     * For each text word we do not know, the name words it may be a misspelling of, with the
     * edits between them. A misspelling keeps its first letter (as spelling checkers assume), so
     * "liver" is not read as "river".
     */
    private Map<String, Map<String, Integer>> typoCandidates(List<String> query) {
        Map<String, Map<String, Integer>> out = new HashMap<>();
        for (String q : query) {
            if (idf.containsKey(q) || q.chars().anyMatch(Character::isDigit)) {
                continue;
            }
            Map<String, Integer> candidates = new HashMap<>();
            for (String w : idf.keySet()) {
                int max = Words.allowedEdits(q, w);
                if (max == 0 || w.charAt(0) != q.charAt(0)) {
                    continue;
                }
                int d = Words.distance(q, w, max);
                if (d <= max) {
                    candidates.put(w, d);
                }
            }
            if (!candidates.isEmpty()) {
                out.put(q, candidates);
            }
        }
        return out;
    }

    /**
     * A name that picks ImageNet class {@code cls} although it has false friends: its first
     * name (ImageNet's or curated) that is neither a false friend on its own nor another class's
     * name too, e.g. "cellular telephone" for 487, "dinner plate" for 923, "dark glasses" for
     * 837 (836 is "sunglass"); empty when there is none.
     */
    Optional<String> unambiguousName(ClassLabel cls) {
        for (Entry e : entries) {
            if (e.cls == cls && falseFriends(e, e.words, e.joined).isEmpty()
                    && entries.stream().noneMatch(other -> other.cls != cls && other.joined.equals(e.joined))) {
                return Optional.of(e.name);
            }
        }
        return Optional.empty();
    }
}
