import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import java.awt.Button;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.Frame;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Manual GUI check under a display (Xvfb) of "NiT Train...": writes a small two-class dataset,
 * opens the dialog from the menu, fills it in, captures it, runs it on the bundled smoke-test
 * model, and captures the training window (ImageJ's status line with the time left, the live loss
 * plot and the growing preview stack) while it trains. Run through src/tools/train-screenshots.sh.
 */
public class TrainScreenshots {
    public static void main(String[] args) throws Exception {
        File out = new File(args[0]);
        File data = new File(args[1]);
        writeDataset(data);
        new ImageJ();
        IJ.wait(1500);
        new Thread(() -> IJ.doCommand("NiT Train...")).start();
        Dialog dialog = waitFor("NiT Train");
        IJ.wait(800);
        List<TextField> fields = all(dialog, TextField.class);
        fields.get(0).setText(data.getPath());                     // Folder
        fields.get(1).setText("my-cells");                        // Name
        fields.get(2).setText("600");                             // Steps
        fields.get(3).setText("8");                               // LoRA rank
        fields.get(5).setText("60");                              // Preview every
        fields.get(5).dispatchEvent(new java.awt.event.TextEvent(fields.get(5), java.awt.event.TextEvent.TEXT_VALUE_CHANGED));
        IJ.wait(800);
        capture(dialog.getBounds(), new File(out, "train-dialog.png"));
        for (Button b : all(dialog, Button.class)) {
            if (b.getLabel().trim().equals("OK")) {
                b.dispatchEvent(new ActionEvent(b, ActionEvent.ACTION_PERFORMED, "OK"));
            }
        }
        Frame plot = waitForFrame("NiT Train loss: my-cells");
        ImagePlus previews = null;
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            previews = WindowManager.getImage("NiT Train previews: my-cells");
            if (previews != null && previews.getStackSize() >= 8) {
                break;
            }
            IJ.wait(100);
        }
        capture(arrange(plot, previews), new File(out, "train-window.png"));
        System.out.println("status then: " + IJ.getInstance().getStatusBarText());
        deadline = System.currentTimeMillis() + 300_000;
        while (!IJ.getInstance().getStatusBarText().contains("installed") && System.currentTimeMillis() < deadline) {
            IJ.wait(300);
        }
        IJ.wait(1000);
        capture(arrange(plot, previews), new File(out, "train-done.png"));
        System.out.println("status at the end: " + IJ.getInstance().getStatusBarText());
        System.out.println("log: " + IJ.getLog());
        System.exit(0);
    }

    /** Two classes of 96 x 64 images: blue rings and orange stripes. */
    static void writeDataset(File root) throws Exception {
        for (String name : new String[] {"rings", "stripes"}) {
            File dir = new File(root, name);
            dir.mkdirs();
            for (int i = 0; i < 6; i++) {
                BufferedImage image = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 96; x++) {
                        double r = Math.hypot(x - 48 - 3 * i, y - 32);
                        boolean on = name.equals("rings") ? ((int) (r / 6) + i) % 2 == 0 : ((x + 2 * y + 5 * i) / 8) % 2 == 0;
                        image.setRGB(x, y, on ? (name.equals("rings") ? 0x3060d0 : 0xe08020) : 0x101010);
                    }
                }
                ImageIO.write(image, "png", new File(dir, "img" + i + ".png"));
            }
        }
    }

    /** The ImageJ bar, the plot below it and the previews (zoomed) to the plot's right. */
    static Rectangle arrange(Frame plot, ImagePlus previews) {
        Window bar = IJ.getInstance();
        Rectangle area = bar.getBounds();
        System.out.println("bar at " + area);
        plot.setLocation(area.x, area.y + area.height + 4);
        area = area.union(plot.getBounds());
        if (previews != null && previews.getWindow() != null) {
            Window w = previews.getWindow();
            w.setLocation(plot.getX() + plot.getWidth() + 4, plot.getY());
            area = area.union(w.getBounds());
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

    static Frame waitForFrame(String title) {
        for (int i = 0; i < 1200; i++) {
            for (Window w : Window.getWindows()) {
                if (w instanceof Frame && w.isShowing() && title.equals(((Frame) w).getTitle())) {
                    return (Frame) w;
                }
            }
            IJ.wait(100);
        }
        throw new IllegalStateException("no window " + title);
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
