package io.github.nitfiji.labels;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What this project adds to ImageNet's names for people in the life sciences: the false friends
 * ({@code false_friends.tsv}: "cell" is ImageNet's word for a cellular telephone) and a few
 * everyday names for classes whose ImageNet names are all false friends
 * ({@code curated_synonyms.tsv}: "cell phone", "dinner plate").
 */
final class CuratedNames {
    private static volatile CuratedNames standard;

    /** Word -> the ImageNet labels it is a false friend of. */
    private final Map<String, Set<Integer>> falseFriendOf;
    /** Word -> what it means in the lab. */
    private final Map<String, String> labMeaning;
    /** Normalised word -> the word as people write it ("len" -> "lens"). */
    private final Map<String, String> spelling;
    /** ImageNet label -> its curated synonyms. */
    private final Map<Integer, List<String>> synonyms;

    private CuratedNames(Map<String, Set<Integer>> falseFriendOf, Map<String, String> labMeaning,
                         Map<String, String> spelling, Map<Integer, List<String>> synonyms) {
        this.falseFriendOf = Map.copyOf(falseFriendOf);
        this.labMeaning = Map.copyOf(labMeaning);
        this.spelling = Map.copyOf(spelling);
        this.synonyms = Map.copyOf(synonyms);
    }

    static CuratedNames standard() {
        CuratedNames c = standard;
        if (c == null) {
            synchronized (CuratedNames.class) {
                if (standard == null) {
                    standard = load();
                }
                c = standard;
            }
        }
        return c;
    }

    private static CuratedNames load() {
        Map<String, Set<Integer>> falseFriendOf = new HashMap<>();
        Map<String, String> labMeaning = new HashMap<>();
        Map<String, String> spelling = new HashMap<>();
        for (Tsv.Row row : Tsv.resource("false_friends.tsv", 3)) {
            List<String> normalised = Words.of(row.columns[0]);
            if (normalised.size() != 1) {
                throw new IllegalStateException("false_friends.tsv line " + row.line + ": '" + row.columns[0]
                        + "' is not one word");
            }
            String word = normalised.get(0);
            Set<Integer> labels = new TreeSet<>();
            for (String label : row.columns[1].split(",")) {
                labels.add(imageNetLabel(label, "false_friends.tsv", row));
            }
            falseFriendOf.put(word, labels);
            labMeaning.put(word, row.columns[2]);
            spelling.put(word, row.columns[0]);
        }
        Map<Integer, List<String>> synonyms = new HashMap<>();
        for (Tsv.Row row : Tsv.resource("curated_synonyms.tsv", 2)) {
            synonyms.put(imageNetLabel(row.columns[0], "curated_synonyms.tsv", row), Tsv.names(row.columns[1]));
        }
        return new CuratedNames(falseFriendOf, labMeaning, spelling, synonyms);
    }

    private static int imageNetLabel(String text, String source, Tsv.Row row) {
        try {
            int label = Integer.parseInt(text.trim());
            if (label >= 0 && label < ImageNetClasses.COUNT) {
                return label;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException(source + " line " + row.line + ": '" + text + "' is not an ImageNet label 0-"
                + (ImageNetClasses.COUNT - 1));
    }

    /** True when {@code word} (normalised) means something else in the lab than in class {@code label}'s names. */
    boolean isFalseFriend(String word, int label) {
        return falseFriendOf.getOrDefault(word, Set.of()).contains(label);
    }

    /** The ImageNet labels {@code word} is a false friend of (empty for most words). */
    Set<Integer> falseFriendLabels(String word) {
        return falseFriendOf.getOrDefault(word, Set.of());
    }

    /** What a false-friend word means in the lab, e.g. "a biological cell". */
    Optional<String> labMeaning(String word) {
        return Optional.ofNullable(labMeaning.get(word));
    }

    /** A normalised false-friend word as people write it ("len" -> "lens"). */
    String spelling(String word) {
        return spelling.getOrDefault(word, word);
    }

    /** Every false-friend word, for tests and the class list. */
    Set<String> falseFriendWords() {
        return falseFriendOf.keySet();
    }

    /** The curated synonyms of ImageNet class {@code label} (usually none). */
    List<String> synonyms(int label) {
        return synonyms.getOrDefault(label, List.of());
    }
}
