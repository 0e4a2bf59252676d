package io.github.nitfiji.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A class model and the words of the life sciences (test resource {@code labels/life_science_words.tsv}).
 *
 * <p>The rule: a biology or lab word resolves only to the ImageNet class that IS what it names
 * (beaker -> 438 beaker, Petri dish -> 712 Petri dish, axolotl -> 29 axolotl); everything else is
 * refused, and the refusal names no class that only shares letters with the word, says what a
 * false friend means in the lab, says that the model knows ImageNet's 1000 classes only (unless
 * the words are merely ambiguous between ImageNet classes) and holds no Java exception's name.
 */
class LifeScienceWordsTest {
    private static final ClassMatcher MATCHER = ClassMatcher.standard();

    static List<String[]> words() throws IOException {
        try (InputStream in = LifeScienceWordsTest.class.getResourceAsStream("/labels/life_science_words.tsv")) {
            return Tsv.read(new InputStreamReader(in, StandardCharsets.UTF_8), "life_science_words.tsv", 2).stream()
                    .map(row -> row.columns).collect(Collectors.toList());
        }
    }

    @Test
    void theListHoldsAtLeastAHundredWords() throws IOException {
        assertTrue(words().size() >= 100, words().size() + " words");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("words")
    void eachWordIsRefusedOrMatchedToTheVeryThing(String text, String expected) throws UnknownClassException {
        if (!"refused".equals(expected)) {
            ClassMatch m = MATCHER.resolve(text);
            assertEquals(Integer.parseInt(expected), m.index(), m.toString());
            return;
        }
        UnknownClassException e = assertThrows(UnknownClassException.class, () -> MATCHER.resolve(text),
                () -> text + " was matched");
        String message = e.getMessage();
        assertFalse(message.contains("Exception") || message.contains("java."), message);
        assertTrue(message.startsWith("'" + text + "' is ambiguous")
                || message.contains(ClassMatcherTest.KNOWS_IMAGENET_ONLY), message);
        for (ClassMatch m : e.suggestions()) {
            assertTrue(m.why().startsWith("words ") || m.why().startsWith("with typos") || m.why().startsWith("exact"),
                    "a word-level suggestion: " + m);
            if (m.isFalseFriend()) {
                assertTrue(message.contains("'" + CuratedNames.standard().spelling(m.falseFriends().get(0)) + "' is "),
                        "the false friend is explained: " + message);
            }
        }
    }
}
