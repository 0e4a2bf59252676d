package io.github.nitfiji.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassMatcherTest {
    private final ClassMatcher matcher = ClassMatcher.standard();

    @Test
    void classListHasAllThousandClasses() {
        ImageNetClasses classes = ImageNetClasses.standard();
        assertEquals(1000, classes.size());
        assertEquals("golden retriever", classes.get(207).name());
        assertEquals(207, classes.byWordNetId("n02099601").orElseThrow().index());
        assertEquals(List.of("tabby", "tabby cat"), classes.get(281).names());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "golden retriever|207", "Golden Retrievers|207", "a red fox in the snow|277", "tabby cat|281",
        "n02099601|207", "207|207", "goldn retreiver|207", "  GOLDEN-retriever |207",
        "a photo of a golden retriever playing in the park|207", "red foxes|277", "0|0", "999|999"})
    void resolvesClearText(String text, int expected) throws UnknownClassException {
        ClassMatch m = matcher.resolve(text);
        assertEquals(expected, m.index(), m.toString());
        assertTrue(m.score() > 0 && m.score() <= 1);
        assertFalse(m.why().isEmpty());
    }

    /** Issue 24 minor: a prompt is quoted without its control characters, and a long one shortened. */
    @Test
    void anUnknownPromptIsQuotedSafely() {
        String prompt = "\u001b[2Jqqzx vvrb ".repeat(1000);
        UnknownClassException e = assertThrows(UnknownClassException.class, () -> matcher.resolve(prompt));
        assertFalse(e.getMessage().chars().anyMatch(c -> c == 0x1b), "no raw ESC");
        assertTrue(e.getMessage().length() < 1000 && e.getMessage().contains("characters)"), e.getMessage());
    }

    @Test
    void exactNamesScoreOneAndExplainThemselves() {
        ClassMatch m = matcher.match("Golden Retrievers", 3).get(0);
        assertEquals(1.0, m.score());
        assertEquals("exact name", m.why());
        assertEquals("exact synonym 'tabby cat'", matcher.match("tabby cats", 1).get(0).why());
        assertTrue(matcher.match("goldn retreiver", 1).get(0).why().contains("goldn~golden"));
    }

    @Test
    void gibberishGivesSuggestionsButNoChoice() {
        UnknownClassException e = assertThrows(UnknownClassException.class, () -> matcher.resolve("xqzvw blorf"));
        assertFalse(e.suggestions().isEmpty(), "closest suggestions offered");
        assertTrue(e.suggestions().get(0).score() < ClassMatcher.CONFIDENT_SCORE);
        assertTrue(e.getMessage().contains("closest"), e.getMessage());
    }

    @Test
    void sharedNamesAreAmbiguousNotGuessed() {
        UnknownClassException crane = assertThrows(UnknownClassException.class, () -> matcher.resolve("crane"));
        assertTrue(crane.getMessage().contains("ambiguous"), crane.getMessage());
        List<Integer> indices = crane.suggestions().stream().map(ClassMatch::index).collect(java.util.stream.Collectors.toList());
        assertTrue(indices.contains(134) && indices.contains(517), indices.toString());
        assertThrows(UnknownClassException.class, () -> matcher.resolve("retriever"));
    }

    @Test
    void outOfRangeAndUnknownIdsAreRejected() {
        assertThrows(UnknownClassException.class, () -> matcher.resolve("1000"));
        assertThrows(UnknownClassException.class, () -> matcher.resolve("n00000001"));
        assertThrows(UnknownClassException.class, () -> matcher.resolve("  "));
        assertTrue(matcher.match("the", 5).isEmpty(), "only filler words");
    }

    @Test
    void matchRespectsLimitAndOrder() {
        List<ClassMatch> list = matcher.match("fox", 4);
        assertEquals(4, list.size());
        for (int i = 1; i < list.size(); i++) {
            assertTrue(list.get(i - 1).score() >= list.get(i).score());
        }
        assertTrue(list.stream().allMatch(m -> m.name().contains("fox")), list.toString());
    }

    @Test
    void pluralsAndDistances() {
        assertEquals("retriever", Words.singular("retrievers"));
        assertEquals("puppy", Words.singular("puppies"));
        assertEquals("box", Words.singular("boxes"));
        assertEquals("glass", Words.singular("glasses"));
        assertEquals("bus", Words.singular("bus"));
        assertEquals(1, Words.distance("retreiver", "retriever", 2));
        assertEquals(1, Words.distance("goldn", "golden", 1));
        assertEquals(2, Words.distance("abc", "xyz", 1));
    }
}
