package io.github.nitfiji.fiji.ij;

import ij.WindowManager;
import ij.plugin.frame.PlugInFrame;
import io.github.nitfiji.fiji.GenerationHistory;
import java.awt.BorderLayout;
import java.awt.Button;
import java.awt.EventQueue;
import java.awt.FlowLayout;
import java.awt.Label;
import java.awt.List;
import java.awt.Panel;
import java.awt.TextArea;
import java.awt.event.WindowEvent;
import java.util.function.IntConsumer;

/**
 * The "NiT History" window: this session's runs, newest first, the selected run's regenerating
 * macro line (selectable, to copy into a macro), and what to do with it. Each action runs off
 * the event thread, as a menu command does, so Esc and the progress bar work as for "NiT Generate".
 */
final class HistoryWindow extends PlugInFrame {
    private static HistoryWindow instance;

    private final List runs = new List(12, false);
    private final TextArea line = new TextArea("", 3, 80, TextArea.SCROLLBARS_VERTICAL_ONLY);
    private final Runnable refresh = () -> EventQueue.invokeLater(this::refresh);
    private java.util.List<GenerationHistory.Entry> shown = java.util.List.of();

    private HistoryWindow() {
        super(NiT_History.TITLE);
        setLayout(new BorderLayout(4, 4));
        add(new Label("Runs of this session, newest first (at most " + GenerationHistory.LIMIT
                + "; every image also keeps its own line: NiT Vary works on it later)"), BorderLayout.NORTH);
        add(runs, BorderLayout.CENTER);
        line.setEditable(false);
        Panel south = new Panel(new BorderLayout(4, 4));
        south.add(line, BorderLayout.CENTER);
        Panel buttons = new Panel(new FlowLayout(FlowLayout.LEFT, 6, 2));
        buttons.add(button("Regenerate", NiT_History::regenerate));
        buttons.add(button("Vary (next seeds)", NiT_History::vary));
        buttons.add(button("Use as start image...", NiT_History::useAsStart));
        south.add(buttons, BorderLayout.SOUTH);
        add(south, BorderLayout.SOUTH);
        runs.addItemListener(e -> showLine());
        GenerationHistory.shared().addListener(refresh);
        refresh();
        pack();
    }

    /** Shows the window (one per session), brought to the front. */
    static synchronized void open() {
        if (instance == null || !instance.isDisplayable()) {
            instance = new HistoryWindow();
            ij.gui.GUI.centerOnImageJScreen(instance);
        }
        instance.setVisible(true);
        WindowManager.toFront(instance);
    }

    private Button button(String label, IntConsumer action) {
        Button b = new Button(label);
        b.addActionListener(e -> {
            GenerationHistory.Entry entry = selected();
            if (entry != null) {
                new Thread(() -> action.accept(entry.number), NiT_History.TITLE).start();
            }
        });
        return b;
    }

    private GenerationHistory.Entry selected() {
        int i = runs.getSelectedIndex();
        return i < 0 || i >= shown.size() ? null : shown.get(i);
    }

    private void refresh() {
        GenerationHistory.Entry before = selected();
        java.util.List<GenerationHistory.Entry> entries = new java.util.ArrayList<>(GenerationHistory.shared()
                .entries());
        java.util.Collections.reverse(entries);
        shown = entries;
        runs.removeAll();
        entries.forEach(e -> runs.add(e.summary()));
        int select = before == null ? 0 : Math.max(0, entries.indexOf(before));
        if (!entries.isEmpty()) {
            runs.select(select);
        }
        showLine();
    }

    private void showLine() {
        GenerationHistory.Entry entry = selected();
        line.setText(entry == null ? "No run yet: NiT Generate... adds every run here." : entry.options.macroCall());
    }

    @Override
    public void windowClosed(WindowEvent e) {
        GenerationHistory.shared().removeListener(refresh);
        super.windowClosed(e);
    }
}
