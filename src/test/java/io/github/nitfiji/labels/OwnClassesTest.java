package io.github.nitfiji.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A fine-tune's own classes (labels 1001, 1002, ...) are matched first, then ImageNet's. */
class OwnClassesTest {
    private final ClassTable table = ClassTable.imageNet()
            .withOwnClasses(List.of("HeLa cell", "neuron", "golden retriever puppy"));
    private final ClassMatcher matcher = new ClassMatcher(table);

    @Test
    void ownClassesTakeTheLabelsAfterTheNullClass() {
        assertEquals(List.of(1001, 1002, 1003),
                table.ownClasses().stream().map(ClassLabel::index).collect(Collectors.toList()));
        assertTrue(table.byIndex(1001).orElseThrow().isOwn());
        assertEquals("", table.byIndex(1002).orElseThrow().wordNetId());
        assertTrue(table.byIndex(ClassTable.NULL_CLASS).isEmpty());
        assertEquals("0-999 and 1001-1003", table.labels());
        assertEquals(List.of(1001, 1002, 1003, 1004), table.withOwnClasses(List.of("T cell")).ownClasses().stream()
                .map(ClassLabel::index).collect(Collectors.toList()));
    }

    @Test
    void anOwnClassIsMatchedBeforeImageNets() throws UnknownClassException {
        assertEquals(1001, matcher.resolve("HeLa cells").index());
        assertEquals(1001, matcher.resolve("fluorescent HeLa cells").index());
        assertEquals(1002, matcher.resolve("a neuron").index(), "ImageNet has none; the fine-tune has");
        assertEquals(1003, matcher.resolve("golden retriever puppies").index());
        assertEquals(1003, matcher.resolve("1003").index());
        assertEquals(207, matcher.resolve("golden retriever").index(),
                "ImageNet's exact name beats an own class that holds it only in part");
        assertEquals(1001, matcher.match("cell", 3).get(0).index(), "own classes are listed first");
    }

    @Test
    void refusalsNameTheModelsOwnClasses() {
        UnknownClassException cell = assertThrows(UnknownClassException.class, () -> matcher.resolve("cell"));
        assertEquals(1001, cell.suggestions().get(0).index(), cell.suggestions().toString());
        assertTrue(cell.getMessage().contains("'cell' is 487 cellular telephone, not a biological cell"),
                cell.getMessage());
        assertTrue(cell.getMessage().contains("This model knows ImageNet's 1000 classes and its own 3 (1001 HeLa cell,"
                + " 1002 neuron, 1003 golden retriever puppy)"), cell.getMessage());
        assertEquals("label 1000 is the null class that guidance uses, not a class to draw: this model's classes are"
                + " 0-999 and 1001-1003", assertThrows(UnknownClassException.class, () -> matcher.resolve("1000"))
                .getMessage());
        assertEquals("class index 1004 is out of range: this model's classes are 0-999 and 1001-1003",
                assertThrows(UnknownClassException.class, () -> matcher.resolve("1004")).getMessage());
    }

    @Test
    void ownClassNamesMustBeDistinctWords() {
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                () -> table.withOwnClasses(List.of("HeLa Cells")));
        assertEquals("class names 'HeLa cell' and 'HeLa Cells' are the same name: give each class a name of its own",
                same.getMessage());
        for (String bad : new String[] {"", "  ", "42", "the"}) {
            assertThrows(IllegalArgumentException.class, () -> table.withOwnClasses(List.of(bad)), bad);
        }
    }
}
