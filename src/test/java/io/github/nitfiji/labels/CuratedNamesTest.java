package io.github.nitfiji.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The curated tables agree with ImageNet's class list, so no entry is stale or incomplete. */
class CuratedNamesTest {
    /** Classes whose name holds a false-friend word but are the lab's thing itself. */
    private static final Map<String, Set<Integer>> GENUINE = Map.of(
            "worm", Set.of(111), "mask", Set.of(691), "dish", Set.of(712));
    private final CuratedNames curated = CuratedNames.standard();
    private final ImageNetClasses classes = ImageNetClasses.standard();

    @Test
    void eachFalseFriendListsExactlyTheClassesWhoseNamesHoldIt() {
        assertTrue(curated.falseFriendWords().size() >= 60, curated.falseFriendWords().size() + " false friends");
        for (String word : curated.falseFriendWords()) {
            Set<Integer> holding = new TreeSet<>();
            for (ClassLabel c : classes.all()) {
                if (c.names().stream().anyMatch(n -> Words.of(n).contains(word))) {
                    holding.add(c.index());
                }
            }
            holding.removeAll(GENUINE.getOrDefault(word, Set.of()));
            assertEquals(holding, new TreeSet<>(curated.falseFriendLabels(word)), word);
        }
    }

    @Test
    void everyClassWithAFalseFriendCanStillBeNamedInWords() throws UnknownClassException {
        NameIndex names = new NameIndex(ClassTable.imageNet(), curated);
        ClassMatcher matcher = ClassMatcher.standard();
        for (String word : curated.falseFriendWords()) {
            for (int label : curated.falseFriendLabels(word)) {
                String name = names.unambiguousName(classes.get(label)).orElseThrow(() -> new AssertionError(
                        "class " + label + " needs a curated name: all of its names are false friends"));
                ClassMatch m = matcher.resolve(name);
                assertEquals(label, m.index(), name);
                assertFalse(m.isFalseFriend(), name);
            }
        }
    }

    @Test
    void everyCuratedSynonymPicksItsClass() throws UnknownClassException {
        ClassMatcher matcher = ClassMatcher.standard();
        int count = 0;
        for (ClassLabel c : classes.all()) {
            for (String synonym : curated.synonyms(c.index())) {
                assertEquals(c.index(), matcher.resolve(synonym).index(), synonym);
                count++;
            }
        }
        assertTrue(count >= 15, count + " curated synonyms");
    }
}
