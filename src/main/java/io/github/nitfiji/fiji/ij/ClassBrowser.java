package io.github.nitfiji.fiji.ij;

import ij.gui.GenericDialog;
import io.github.nitfiji.labels.ClassLabel;
import io.github.nitfiji.labels.ClassMatcher;
import java.awt.BorderLayout;
import java.awt.List;
import java.awt.Panel;
import java.awt.TextField;

/**
 * "Browse classes...": the chosen model's classes (a fine-tune's own first, then ImageNet's) in a
 * list filtered as you type (label, WordNet id or any name); OK gives the prompt that picks the
 * selected class ({@link ClassList#prompt}).
 */
final class ClassBrowser {
    private ClassBrowser() {
    }

    /** The prompt for the chosen class, or null when cancelled or none was chosen. */
    static String choose(ClassMatcher matcher, String modelName, String search) {
        GenericDialog gd = new GenericDialog("NiT Classes");
        int own = matcher.table().ownClasses().size();
        gd.addMessage(modelName + " knows " + (own > 0 ? own + " classes of its own (1001 and up) and " : "")
                + "ImageNet's 1000 classes (0-999). Type to search; double-click or OK picks one.");
        gd.addStringField("Search", search == null ? "" : search, 24);
        TextField field = (TextField) gd.getStringFields().lastElement();
        List list = new List(16, false);
        java.util.List<ClassLabel> shown = new java.util.ArrayList<>();
        Runnable fill = () -> {
            synchronized (shown) { // typing and a programmatic change may both fire
                shown.clear();
                shown.addAll(ClassList.matching(matcher.table(), field.getText()));
                list.removeAll();
                shown.forEach(c -> list.add(ClassList.row(c)));
                if (!shown.isEmpty()) {
                    list.select(0);
                }
            }
        };
        fill.run();
        field.addTextListener(e -> fill.run());
        Panel panel = new Panel(new BorderLayout());
        panel.add(list, BorderLayout.CENTER);
        panel.setPreferredSize(new java.awt.Dimension(560, 320));
        gd.addPanel(panel);
        list.addActionListener(e -> { // a double-click picks the class, as OK does
            java.awt.Button ok = gd.getButtons()[0];
            gd.actionPerformed(new java.awt.event.ActionEvent(ok, java.awt.event.ActionEvent.ACTION_PERFORMED, "OK"));
        });
        gd.showDialog();
        int i = list.getSelectedIndex();
        if (gd.wasCanceled() || i < 0 || i >= shown.size()) {
            return null;
        }
        return ClassList.prompt(shown.get(i), matcher);
    }
}
