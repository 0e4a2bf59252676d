import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.plugin.frame.Recorder;
import java.awt.Button;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.ItemEvent;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Manual GUI check under a display (Xvfb): drives Fiji-style ImageJ through "NiT Generate...":
 * opens the Macro Recorder, the dialog, presses 16:9, runs, and saves screenshots of the dialog
 * and of the result with the recorded macro line. Run through src/tools/screenshots.sh.
 */
public class Screenshots {
    public static void main(String[] args) throws Exception {
        File out = new File(args[0]);
        new ImageJ();
        IJ.wait(1500);
        IJ.run("Record...");
        IJ.wait(500);
        new Thread(() -> IJ.doCommand("NiT Generate...")).start();
        Dialog dialog = waitFor("NiT Generate");
        IJ.wait(800);
        List<TextField> fields = all(dialog, TextField.class);
        fields.get(0).setText("golden retriever");                // Prompt
        fields.get(1).setText("256");                             // Width
        fields.get(4).setText("42");                              // Seed
        for (Button b : all(dialog, Button.class)) {
            if (b.getLabel().equals("16:9")) {
                b.dispatchEvent(new ActionEvent(b, ActionEvent.ACTION_PERFORMED, "16:9"));
            }
        }
        Choice preset = all(dialog, Choice.class).get(0);
        preset.select("custom");
        preset.dispatchEvent(new ItemEvent(preset, ItemEvent.ITEM_STATE_CHANGED, "custom", ItemEvent.SELECTED));
        fields.get(5).setText("8");                               // Steps
        IJ.wait(800);
        capture(dialog.getBounds(), new File(out, "dialog.png"));
        for (Button b : all(dialog, Button.class)) {
            if (b.getLabel().trim().equals("OK")) {
                b.dispatchEvent(new ActionEvent(b, ActionEvent.ACTION_PERFORMED, "OK"));
            }
        }
        long deadline = System.currentTimeMillis() + 120_000;
        ImagePlus imp = null;
        while (imp == null && System.currentTimeMillis() < deadline) {
            IJ.wait(300);
            imp = WindowManager.getCurrentImage();
        }
        IJ.wait(1500);
        capture(arrangeResult(imp), new File(out, "result.png"));
        System.out.println("image: " + (imp == null ? "none" : imp.getTitle() + ", " + imp.getStackSize() + " slice(s)"));
        System.out.println("recorded: " + Recorder.getInstance().getText().trim());
        System.exit(0);
    }

    /**
     * Puts the ImageJ bar, the result (zoomed 2x) and the Macro Recorder one under the other at the
     * top left, so the capture is the area they cover and nothing overlaps.
     */
    static Rectangle arrangeResult(ImagePlus imp) {
        Window bar = IJ.getInstance();
        bar.setLocation(0, 0);
        Rectangle area = bar.getBounds();
        if (imp != null && imp.getWindow() != null) {
            IJ.run(imp, "In [+]", "");
            IJ.wait(500);
            Window image = imp.getWindow();
            image.setLocation(0, area.height + 4);
            area = area.union(image.getBounds());
        }
        Window recorder = Recorder.getInstance();
        if (recorder != null) {
            recorder.setLocation(0, area.y + area.height + 4);
            area = area.union(recorder.getBounds());
        }
        IJ.wait(1000);
        return area;
    }

    static Dialog waitFor(String title) {
        for (int i = 0; i < 200; i++) {
            for (Window w : Window.getWindows()) {
                if (w instanceof Dialog && w.isShowing() && title.equals(((Dialog) w).getTitle())) {
                    return (Dialog) w;
                }
            }
            IJ.wait(100);
        }
        throw new IllegalStateException("no dialog " + title);
    }

    static <T> List<T> all(Container root, Class<T> type) {
        List<T> found = new ArrayList<>();
        for (Component c : root.getComponents()) {
            if (type.isInstance(c)) {
                found.add(type.cast(c));
            }
            if (c instanceof Container) {
                found.addAll(all((Container) c, type));
            }
        }
        return found;
    }

    static void capture(Rectangle area, File file) throws Exception {
        ImageIO.write(new Robot().createScreenCapture(area), "png", file);
        System.out.println("saved " + file);
    }
}
