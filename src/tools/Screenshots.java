import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.WindowManager;
import ij.measure.Calibration;
import ij.plugin.frame.Recorder;
import ij.process.ShortProcessor;
import java.awt.Button;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.Frame;
import java.awt.Label;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.ItemEvent;
import java.awt.event.TextEvent;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Manual GUI check under a display (Xvfb), not part of the test suite: drives ImageJ through
 * "NiT Generate..." for NiT (the bundled smoke-test model), TiM-C2I and TiM-T2I (the tiny golden
 * models, installed into the models folder first), its "Advanced..." and "Browse classes..."
 * dialogs, a refused prompt, a start image of 16 bits, the preview window while a run samples,
 * the result with the Macro Recorder, the NiT History window, and the NiT Models and NiT Engine
 * dialogs as they open; saves each as a PNG. Run
 * through src/tools/screenshots.sh.
 */
public class Screenshots {
    static File out;

    public static void main(String[] args) throws Exception {
        out = new File(args[0]);
        Class.forName("io.github.nitfiji.TinyTimModels").getMethod("install", Path.class)
                .invoke(null, Path.of(System.getProperty("nit.models.dir")));
        Prefs.set("nit.previews", "auto");
        new ImageJ();
        IJ.wait(1500);
        IJ.getInstance().setLocation(0, 0);

        Dialog d = openGenerate();
        set(d, "Prompt", "golden retriever");
        choose(d, "Model", "smoke-test");
        set(d, "Seed", "42");
        press(d, "16:9");
        capture(d, "dialog-nit.png");
        choose(d, "Preset", "custom");
        capture(d, "dialog-nit-custom.png");
        Dialog advanced = nested(d, "Advanced...", "NiT Generate: sampler settings");
        capture(advanced, "advanced-nit.png");
        close(advanced, "Cancel");
        Dialog classes = nested(d, "Browse classes...", "NiT Classes");
        set(classes, "Search", "retriever");
        capture(classes, "classes.png");
        close(classes, "Cancel");
        set(d, "Prompt", "cell nucleus");
        capture(d, "dialog-refused.png");
        choose(d, "Model", "tiny-tim-c2i");
        set(d, "Prompt", "goldfish");
        choose(d, "Preset", "quick");
        capture(d, "dialog-tim-c2i.png");
        choose(d, "Preset", "custom");
        advanced = nested(d, "Advanced...", "NiT Generate: sampler settings");
        capture(advanced, "advanced-tim.png");
        close(advanced, "Cancel");
        choose(d, "Model", "tiny-tim-t2i");
        set(d, "Prompt", "a red fox in the snow, watercolour");
        set(d, "Width", "512");
        press(d, "16:9");
        choose(d, "Preset", "fast");
        capture(d, "dialog-tim-t2i.png");
        close(d, "Cancel");

        ImagePlus camera = camera();
        d = openGenerate();
        choose(d, "Model", "smoke-test");
        choose(d, "Start from", camera.getTitle());
        set(d, "Prompt", "goldfish");
        choose(d, "Output", "source");
        capture(d, "dialog-from-image.png");
        close(d, "Cancel");
        camera.close();

        IJ.run("Record...");
        IJ.wait(500);
        Prefs.set("nit.previews", "2");
        d = openGenerate();
        choose(d, "Model", "smoke-test");
        set(d, "Prompt", "golden retriever");
        set(d, "Width", "512");
        press(d, "16:9");
        set(d, "Images", "2");
        set(d, "Seed", "42");
        choose(d, "Preset", "custom");
        Dialog settings = nested(d, "Advanced...", "NiT Generate: sampler settings");
        set(settings, "Steps", "40");
        close(settings, "  OK  ");
        IJ.wait(500);
        close(d, "  OK  ");
        Window preview = waitForWindow("NiT preview", 120);
        IJ.wait(1500);
        capture(preview, "preview.png");
        ImagePlus imp = waitForImage("NiT golden retriever", 300, null);
        IJ.wait(1500);
        capture(arrangeResult(imp), "result.png");
        System.out.println("recorded: " + Recorder.getInstance().getText().trim());
        IJ.run("NiT Vary");
        waitForImage("NiT golden retriever", 300, imp);
        IJ.run("NiT History");
        Window history = waitForWindow("NiT History", 30);
        IJ.wait(1500);
        history.setLocation(0, 0);
        history.toFront();
        IJ.wait(1500);
        capture(history, "history.png");
        history.setVisible(false);
        for (String command : new String[] {"NiT Models", "NiT Engine"}) {
            new Thread(() -> IJ.doCommand(command + "...")).start();
            Dialog manager = (Dialog) waitForWindow(command, 30);
            IJ.wait(2000); // captured where ImageJ placed it: moving it raced with ImageJ's own placing
            manager.toFront();
            IJ.wait(1200);
            capture(manager, command.substring(4).toLowerCase() + ".png");
            close(manager, "Cancel");
        }
        System.exit(0);
    }

    /** A 12-bit camera image (16-bit), 0.5 um per pixel, shown. */
    static ImagePlus camera() {
        ShortProcessor sp = new ShortProcessor(320, 240);
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                sp.set(x, y, 100 + (int) (3900 * (0.5 + 0.5 * Math.sin(x / 17.0) * Math.cos(y / 23.0))));
            }
        }
        ImagePlus imp = new ImagePlus("cells.tif", sp);
        imp.setDisplayRange(100, 4000);
        Calibration cal = imp.getCalibration();
        cal.pixelWidth = 0.5;
        cal.pixelHeight = 0.5;
        cal.setUnit("um");
        imp.show();
        IJ.wait(800);
        return imp;
    }

    static Dialog openGenerate() {
        new Thread(() -> IJ.doCommand("NiT Generate...")).start();
        Dialog d = (Dialog) waitForWindow("NiT Generate", 30);
        IJ.wait(1000);
        return d;
    }

    /** Presses {@code button} in {@code d} on a thread of its own, and waits for the dialog it opens. */
    static Dialog nested(Dialog d, String button, String title) {
        new Thread(() -> press(d, button)).start();
        Dialog nested = (Dialog) waitForWindow(title, 30);
        IJ.wait(800);
        nested.setLocation(0, 0); // on top of the dialog it came from, all of it on the screen
        IJ.wait(800);
        return nested;
    }

    static void close(Dialog d, String button) {
        press(d, button);
        IJ.wait(800);
    }

    /** The component right after the label {@code label}. */
    static Component after(Container c, String label) {
        List<Component> all = all(c, Component.class);
        for (int i = 0; i < all.size() - 1; i++) {
            if (all.get(i) instanceof Label && ((Label) all.get(i)).getText().trim().equals(label)) {
                for (int j = i + 1; j < all.size(); j++) {
                    if (all.get(j) instanceof TextField || all.get(j) instanceof Choice) {
                        return all.get(j);
                    }
                }
            }
        }
        throw new IllegalStateException("no field " + label);
    }

    static void set(Dialog d, String label, String text) {
        TextField field = (TextField) after(d, label);
        field.setText(text);
        field.dispatchEvent(new TextEvent(field, TextEvent.TEXT_VALUE_CHANGED));
        IJ.wait(600);
    }

    static void choose(Dialog d, String label, String item) {
        Choice choice = (Choice) after(d, label);
        choice.select(item);
        choice.dispatchEvent(new ItemEvent(choice, ItemEvent.ITEM_STATE_CHANGED, item, ItemEvent.SELECTED));
        IJ.wait(600);
    }

    static void press(Dialog d, String label) {
        for (Button b : all(d, Button.class)) {
            if (b.getLabel().equals(label)) {
                b.dispatchEvent(new ActionEvent(b, ActionEvent.ACTION_PERFORMED, label));
                return;
            }
        }
        throw new IllegalStateException("no button " + label);
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

    static Window waitForWindow(String titleStart, int seconds) {
        for (int i = 0; i < seconds * 10; i++) {
            for (Window w : Window.getWindows()) {
                String title = w instanceof Dialog ? ((Dialog) w).getTitle() : w instanceof Frame ? ((Frame) w).getTitle()
                        : "";
                if (w.isShowing() && title != null && title.startsWith(titleStart)) {
                    return w;
                }
            }
            IJ.wait(100);
        }
        throw new IllegalStateException("no window " + titleStart);
    }

    /** The current image once it is a shown one whose title starts so, other than {@code not}. */
    static ImagePlus waitForImage(String titleStart, int seconds, ImagePlus not) {
        for (int i = 0; i < seconds * 10; i++) {
            ImagePlus imp = WindowManager.getCurrentImage();
            if (imp != null && imp != not && imp.getTitle().startsWith(titleStart) && imp.getWindow() != null) {
                return imp;
            }
            IJ.wait(100);
        }
        throw new IllegalStateException("no image " + titleStart);
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

    /** The window as it is on the screen now. */
    static void capture(Window w, String name) throws Exception {
        capture(new Rectangle(w.getLocationOnScreen(), w.getSize()), name);
    }

    static void capture(Rectangle area, String name) throws Exception {
        File file = new File(out, name);
        ImageIO.write(new Robot().createScreenCapture(area), "png", file);
        System.out.println("saved " + file);
    }
}
