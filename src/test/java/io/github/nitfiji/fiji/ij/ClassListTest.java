package io.github.nitfiji.fiji.ij;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.labels.ClassLabel;
import io.github.nitfiji.labels.ClassMatcher;
import io.github.nitfiji.labels.ClassTable;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** "Browse classes...": search the model's classes (a fine-tune's own first) and pick the prompt for one. */
class ClassListTest {
    private static List<Integer> labels(List<ClassLabel> classes) {
        return classes.stream().map(ClassLabel::index).collect(Collectors.toList());
    }

    @Test
    void searchesNamesLabelsAndWordNetIds() {
        ClassTable imageNet = ClassTable.imageNet();
        assertEquals(1000, ClassList.matching(imageNet, "").size());
        assertEquals(List.of(205, 206, 207, 208, 209), labels(ClassList.matching(imageNet, "Retriever")));
        assertEquals(List.of(207), labels(ClassList.matching(imageNet, "207")));
        assertEquals(List.of(207), labels(ClassList.matching(imageNet, "n02099601")));
        assertEquals("207  golden retriever", ClassList.row(imageNet.byIndex(207).orElseThrow()));
    }

    @Test
    void aFineTunesOwnClassesComeFirst() {
        ClassTable tuned = ClassTable.imageNet().withOwnClasses(List.of("HeLa cell", "mitotic cell"));
        List<ClassLabel> cells = ClassList.matching(tuned, "cell");
        assertEquals(List.of(1001, 1002), labels(cells.subList(0, 2)));
        assertEquals("1001  HeLa cell  [own class]", ClassList.row(cells.get(0)));
        assertEquals("HeLa cell", ClassList.prompt(cells.get(0), new ClassMatcher(tuned)));
    }

    @Test
    void thePromptIsTheNameUnlessImageNetRepeatsIt() {
        ClassMatcher matcher = ClassMatcher.standard();
        ClassTable t = matcher.table();
        assertEquals("golden retriever", ClassList.prompt(t.byIndex(207).orElseThrow(), matcher));
        // "crane" is the bird (134) and the machine (517): the label picks exactly the one chosen
        assertEquals("crane", t.byIndex(134).orElseThrow().name());
        assertEquals("crane", t.byIndex(517).orElseThrow().name());
        assertEquals("517", ClassList.prompt(t.byIndex(517).orElseThrow(), matcher));
    }
}
