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
    static final String KNOWS_IMAGENET_ONLY = "This class model knows ImageNet's 1000 classes only; a fine-tune teaches"
            + " it new ones (\"NiT Train...\" in Fiji, train on the command line).";
    private final ClassMatcher matcher = ClassMatcher.standard();

    @Test
    void classListHasAllThousandClasses() {
        ImageNetClasses classes = ImageNetClasses.standard();
        assertEquals(1000, classes.size());
        assertEquals("golden retriever", classes.get(207).name());
        assertEquals(207, classes.byWordNetId("n02099601").orElseThrow().index());
        assertEquals(List.of("tabby", "tabby cat"), classes.get(281).names());
        assertFalse(classes.get(281).isOwn());
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
    void gibberishGivesNoChoiceAndNoLetterLevelSuggestions() {
        UnknownClassException e = assertThrows(UnknownClassException.class, () -> matcher.resolve("xqzvw blorf"));
        assertTrue(e.suggestions().isEmpty(), "nothing shares a word with it: " + e.suggestions());
        assertEquals("no word of 'xqzvw blorf' is a word of an ImageNet class name. " + KNOWS_IMAGENET_ONLY,
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"neuron|606", "microscope|688", "neurons|606", "cellular|487"})
    void lettersInsideAnotherWordAreNoMatch(String text, int notSuggested) {
        UnknownClassException e = assertThrows(UnknownClassException.class, () -> matcher.resolve(text));
        assertTrue(e.suggestions().stream().noneMatch(m -> m.index() == notSuggested && !m.isFalseFriend()),
                text + " must not suggest " + notSuggested + ": " + e.suggestions());
        assertTrue(matcher.match(text, 10).stream().allMatch(m -> m.why().startsWith("words ")
                || m.why().startsWith("with typos") || m.why().startsWith("exact")), matcher.match(text, 10).toString());
    }

    @Test
    void aTypoIsCorrectedInANameNotInASentenceNorInAnotherShortWord() throws UnknownClassException {
        assertEquals(207, matcher.resolve("goldn retreiver").index());
        assertEquals(76, matcher.resolve("tarantual").index(), "1 edit in 9 letters");
        for (String other : new String[] {"liver", "plant", "cartilage", "goldn retreiver playing outside"}) {
            UnknownClassException e = assertThrows(UnknownClassException.class, () -> matcher.resolve(other), other);
            assertTrue(e.getMessage().contains("closest"), "offered, not chosen: " + e.getMessage());
        }
        assertTrue(matcher.match("liver", 10).stream().noneMatch(m -> m.name().contains("river")),
                "a typo keeps its first letter");
    }

    @Test
    void falseFriendsAreRefusedWithTheLabMeaningAndWhatTheModelKnows() {
        UnknownClassException e = assertThrows(UnknownClassException.class, () -> matcher.resolve("cell nucleus"));
        assertEquals("'cell nucleus' names no class this model knows: to ImageNet, 'cell' is 487 cellular telephone,"
                + " not a biological cell. " + KNOWS_IMAGENET_ONLY + " To draw ImageNet's class named here, type the"
                + " name given or the label.", e.getMessage());
        assertEquals(487, e.suggestions().get(0).index());
        assertTrue(e.suggestions().get(0).isFalseFriend());
        assertEquals(List.of("cell"), e.suggestions().get(0).falseFriends());
        String both = assertThrows(UnknownClassException.class, () -> matcher.resolve("lab mouse brain")).getMessage();
        assertTrue(both.contains("'mouse' is 673 computer mouse, not a laboratory mouse")
                && both.contains("'brain' is 109 brain coral, not a brain") && both.contains("'lab' is 617 lab coat"), both);
        String plate = assertThrows(UnknownClassException.class, () -> matcher.resolve("plates")).getMessage();
        assertTrue(plate.contains("'plate' is 923 dinner plate or 729 plate rack, not a culture or multi-well plate"),
                plate);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"cell phone|487", "a cell phone on a lab bench|487", "cellular telephone|487",
        "computer mouse|673", "hair slide|584", "a hair slide|584", "lab coat|617", "dinner plate|923", "plate rack|729",
        "toilet paper|999", "container ship|510", "a golden retriever in a lab|207", "brain coral|109", "487|487",
        "923|923"})
    void theClassOfAFalseFriendIsNamedInFullOrByItsLabel(String text, int expected) throws UnknownClassException {
        ClassMatch m = matcher.resolve(text);
        assertEquals(expected, m.index(), m.toString());
        assertFalse(m.isFalseFriend());
    }

    @Test
    void theNullClassAndLabelsOutOfRangeAreRefusedCleanly() {
        assertEquals("label 1000 is the null class that guidance uses, not a class to draw: ImageNet classes are 0-999",
                assertThrows(UnknownClassException.class, () -> matcher.resolve("1000")).getMessage());
        assertEquals("class index 1001 is out of range: ImageNet classes are 0-999",
                assertThrows(UnknownClassException.class, () -> matcher.resolve("1001")).getMessage());
        assertEquals("class index 12345678 is out of range: ImageNet classes are 0-999",
                assertThrows(UnknownClassException.class, () -> matcher.resolve("12345678")).getMessage());
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
