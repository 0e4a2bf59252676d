package io.github.nitfiji.fiji.ij;

import ij.gui.GenericDialog;
import java.awt.Choice;
import java.awt.Component;
import java.awt.TextField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a GenericDialog by name, each the components that its add calls made (label, field,
 * units), so that a row is shown or hidden whole: hidden rows take no space (GridBagLayout skips
 * invisible components), so the dialog discloses a part only when it applies instead of showing
 * a disabled field that looks editable.
 */
final class DialogRows {
    private final GenericDialog gd;
    private final Map<String, List<Component>> rows = new HashMap<>();
    /** Space between the components of a row (also before the first). */
    private static final int HGAP = 6;
    private final List<java.awt.Panel> underFields = new ArrayList<>();
    private int counted;
    private boolean changed;

    DialogRows(GenericDialog gd) {
        this.gd = gd;
        this.counted = gd.getComponentCount();
    }

    /** Names the components added since the previous call (or since the start) as row {@code name}. */
    void mark(String name) {
        List<Component> added = new ArrayList<>();
        for (int i = counted; i < gd.getComponentCount(); i++) {
            added.add(gd.getComponent(i));
        }
        counted = gd.getComponentCount();
        rows.computeIfAbsent(name, n -> new ArrayList<>()).addAll(added);
    }

    /** Shows or hides row {@code name} (no row of that name: nothing). */
    void show(String name, boolean visible) {
        for (Component c : rows.getOrDefault(name, List.of())) {
            if (c.isVisible() != visible) {
                c.setVisible(visible);
                changed = true;
            }
        }
    }

    /** Notes that a row's content changed size (a message got more lines). */
    void resized() {
        changed = true;
    }

    /** Lays the dialog out again when a row appeared, disappeared or changed size. */
    void pack() {
        if (changed && gd.isShowing()) {
            gd.pack();
        }
        changed = false;
    }

    /** Adds a row of {@code components} that {@link #alignUnderFields} lines up with the fields above it. */
    void addUnderFields(Component... components) {
        java.awt.Panel panel = row(components);
        gd.addPanel(panel);
        underFields.add(panel);
    }

    /**
     * Moves the rows added by {@link #addUnderFields} to start where the fields start (past the
     * widest label), so a field's line and buttons sit under it; call once all rows are added.
     */
    void alignUnderFields() {
        gd.addNotify(); // the labels' sizes are known once they have their peers (showDialog would make them)
        java.awt.GridBagLayout layout = (java.awt.GridBagLayout) gd.getLayout();
        int labels = 0;
        for (Component c : gd.getComponents()) {
            java.awt.GridBagConstraints k = layout.getConstraints(c);
            if (c instanceof java.awt.Label && k.gridx == 0 && k.gridwidth == 1) {
                labels = Math.max(labels, c.getPreferredSize().width);
            }
        }
        for (java.awt.Panel panel : underFields) {
            java.awt.GridBagConstraints k = layout.getConstraints(panel);
            k.insets = new java.awt.Insets(2, Math.max(0, labels - HGAP), 2, 0);
            layout.setConstraints(panel, k);
        }
    }

    /** Shows or hides one component (a button beside a field). */
    void show(Component c, boolean visible) {
        if (c.isVisible() != visible) {
            c.setVisible(visible);
            changed = true;
        }
    }

    /** A choice's items, if they differ, with {@code selected} chosen. */
    static void fill(Choice choice, List<String> items, String selected) {
        boolean same = choice.getItemCount() == items.size();
        for (int i = 0; same && i < items.size(); i++) {
            same = items.get(i).equals(choice.getItem(i));
        }
        if (!same) {
            choice.removeAll();
            items.forEach(choice::add);
        }
        if (!selected.equals(choice.getSelectedItem())) {
            choice.select(selected);
        }
    }

    static void text(Component field, String value) {
        TextField t = (TextField) field;
        if (!t.getText().equals(value)) {
            t.setText(value);
        }
    }

    /** A row of components, left-aligned under the fields. */
    static java.awt.Panel row(Component... components) {
        java.awt.Panel panel = new java.awt.Panel(new java.awt.FlowLayout(java.awt.FlowLayout.LEFT, HGAP, 0));
        for (Component c : components) {
            panel.add(c);
        }
        return panel;
    }
}
