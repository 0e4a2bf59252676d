package io.github.nitfiji.fiji;

import ij.ImagePlus;
import ij.WindowManager;
import io.github.nitfiji.pipeline.GenerationSpec;
import io.github.nitfiji.pipeline.Setting;
import java.lang.ref.WeakReference;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every run of this Fiji session, newest last: the options that regenerate it (seed and model as
 * they ran) and its stack while that is still open ("NiT History"). In memory only, at most
 * {@link #LIMIT} runs (the oldest are dropped): every image carries its own regenerating line
 * ({@code nit.command}), so a saved TIFF or PNG is the lasting record, and "NiT Vary" works from it.
 */
public final class GenerationHistory {
    public static final int LIMIT = 100;
    private static final GenerationHistory SHARED = new GenerationHistory(LIMIT);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final int limit;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private int count;

    /** One run: what regenerates it, and its stack (weakly: closing it frees it). */
    public static final class Entry {
        public final int number;
        public final String time;
        /** The options that regenerate the run byte for byte (seed and model as they ran). */
        public final GenerateOptions options;
        public final String title;
        private final WeakReference<ImagePlus> image;

        Entry(int number, GenerateOptions options, ImagePlus image) {
            this.number = number;
            this.time = LocalTime.now().format(CLOCK);
            this.options = options;
            this.title = image == null ? "" : image.getTitle();
            this.image = new WeakReference<>(image);
        }

        /** The run's stack while it is open (shown, or this thread's current image), else null. */
        public ImagePlus image() {
            ImagePlus imp = image.get();
            if (imp == null || imp.getWindow() == null && WindowManager.getCurrentImage() != imp) {
                return null;
            }
            return imp;
        }

        /** "#3 14:02:11  goldfish, 256 x 144, 4 images, seeds 42-45, smoke-test fast". */
        public String summary() {
            GenerationSpec spec = options.toSpec();
            String model = options.text(Setting.MODEL.key());
            return "#" + number + "  " + time + "  " + options.prompt() + (options.fromImage() ? " from "
                    + options.source() : ", " + spec.width() + " x " + spec.height()) + ", " + seeds(options)
                    + (model == null ? "" : ", " + model) + " " + spec.preset().id();
        }
    }

    GenerationHistory(int limit) {
        this.limit = limit;
    }

    /** The history of this Fiji session. */
    public static GenerationHistory shared() {
        return SHARED;
    }

    /** Records a finished run; tells the listeners. */
    public Entry add(GenerateOptions ran, ImagePlus image) {
        Entry entry;
        synchronized (this) {
            entry = new Entry(++count, ran, image);
            entries.addLast(entry);
            while (entries.size() > limit) {
                entries.removeFirst();
            }
        }
        listeners.forEach(Runnable::run);
        return entry;
    }

    /** The runs kept, oldest first. */
    public synchronized List<Entry> entries() {
        return new ArrayList<>(entries);
    }

    /** The run with this number, if still kept. */
    public synchronized Optional<Entry> find(int number) {
        return entries.stream().filter(e -> e.number == number).findFirst();
    }

    public synchronized Optional<Entry> latest() {
        return Optional.ofNullable(entries.peekLast());
    }

    /** Called (on the thread that ran the generation) after every new run. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /**
     * The same settings with the next seeds: a run of n images drew seeds s..s+n-1, its variation
     * draws s+n..s+2n-1 (so varying again never repeats an image).
     *
     * @throws IllegalArgumentException when the run drew no seeds (its noise came from a file)
     */
    public static GenerateOptions vary(GenerateOptions ran) {
        if (ran.text(Setting.NOISE.key()) != null) {
            throw new IllegalArgumentException("this run's noise came from a file (noise=" + ran.text(Setting.NOISE.key())
                    + "), not from seeds; remove the noise file to draw new variations");
        }
        String seed = ran.text(Setting.SEED.key());
        if (seed == null) {
            throw new IllegalArgumentException("this run records no seed, so its next seeds are unknown; give it a seed");
        }
        long first = Long.parseLong(seed);
        long images = ran.toSpec().totalImages();
        long next = first > Long.MAX_VALUE - images ? 0 : first + images; // past the last seed: start again at 0
        return ran.toBuilder().set(Setting.SEED.key(), Long.toString(next)).build();
    }

    /** "seed 42" or "4 images, seeds 42-45". */
    static String seeds(GenerateOptions options) {
        int images = options.toSpec().totalImages();
        String seed = options.text(Setting.SEED.key());
        if (seed == null) {
            return images + (images == 1 ? " image" : " images") + ", random seed";
        }
        long first = Long.parseLong(seed);
        return images == 1 ? "seed " + first : images + " images, seeds " + first + "-" + (first + images - 1);
    }
}
