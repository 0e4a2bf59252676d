package io.github.nitfiji.labels;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns text into comparable words: lower case, accents and punctuation gone, filler words
 * dropped, simple English plurals reduced. Applied to class names and to the user's text alike,
 * so "Golden Retrievers" and "golden retriever" become the same words. The plural rules are
 * crude on purpose: consistency on both sides matters more than correct English.
 */
final class Words {
    /** Words that carry no class information in prompts like "a photo of a red fox in the snow". */
    static final Set<String> STOPWORDS = Set.of(
            "a", "an", "the", "in", "on", "of", "with", "and", "or", "at", "to", "for", "by", "from", "into",
            "over", "under", "near", "is", "are", "its", "my", "this", "that", "some",
            "photo", "photograph", "image", "picture");

    private static final Map<String, String> IRREGULAR = Map.of(
            "mice", "mouse", "geese", "goose", "men", "man", "women", "woman", "children", "child",
            "teeth", "tooth", "feet", "foot", "oxen", "ox", "people", "person", "wolves", "wolf");

    private Words() {
    }

    /** Normalised, de-duplicated words in order of appearance. */
    static List<String> of(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        s = s.toLowerCase(Locale.ROOT).replace("'", "").replace("\u2019", "");
        Set<String> words = new LinkedHashSet<>();
        for (String w : s.split("[^a-z0-9]+")) {
            if (!w.isEmpty() && !STOPWORDS.contains(w)) {
                words.add(singular(w));
            }
        }
        return new ArrayList<>(words);
    }

    /** Strips simple plurals: -ies to -y, -sses/-xes/-zes/-ches/-shes lose -es, other -s is dropped. */
    static String singular(String w) {
        String irregular = IRREGULAR.get(w);
        if (irregular != null) {
            return irregular;
        }
        if (w.length() <= 3) {
            return w;
        }
        if (w.endsWith("ies") && w.length() > 4) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.endsWith("sses") || w.endsWith("xes") || w.endsWith("zes") || w.endsWith("ches") || w.endsWith("shes")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.endsWith("ss") || w.endsWith("us") || w.endsWith("is")) {
            return w;
        }
        return w.endsWith("s") ? w.substring(0, w.length() - 1) : w;
    }

    /**
     * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, so "retreiver"
     * is one edit from "retriever"), or {@code max + 1} as soon as it must exceed {@code max}.
     */
    static int distance(String a, String b, int max) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) > max) {
            return max + 1;
        }
        int[] prev2 = new int[m + 1];
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int d = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d = Math.min(d, prev2[j - 2] + 1);
                }
                cur[j] = d;
                rowMin = Math.min(rowMin, d);
            }
            if (rowMin > max) {
                return max + 1;
            }
            int[] t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[m], max + 1);
    }

    /** Edits tolerated between two words: none for short words (too many accidental hits), more for long ones. */
    static int allowedEdits(String a, String b) {
        int len = Math.min(a.length(), b.length());
        return len <= 3 ? 0 : len <= 7 ? 1 : 2;
    }
}
