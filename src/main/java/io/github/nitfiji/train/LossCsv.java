package io.github.nitfiji.train;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The loss curve ({@code loss.csv} in the run folder): one line per step, flushed as it goes. A
 * resumed run first drops the lines after its checkpoint's step (steps a crash made but no
 * checkpoint kept), so the file always describes one run.
 */
public final class LossCsv implements AutoCloseable {
    public static final String FILE = "loss.csv";
    static final String HEADER = "step,loss,running_mean,grad_norm,lr,seconds";

    private final Writer out;

    LossCsv(Path runDir, long resumedStep) throws IOException {
        Path file = runDir.resolve(FILE);
        List<String> kept = new ArrayList<>();
        kept.add(HEADER);
        if (resumedStep > 0 && Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String first = line.split(",", 2)[0];
                if (first.matches("\\d+") && Long.parseLong(first) <= resumedStep) {
                    kept.add(line);
                }
            }
        }
        Files.write(file, kept, StandardCharsets.UTF_8);
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** One line of the curve. */
    public static final class Point {
        public final long step;
        public final double loss;
        public final double runningMean;

        Point(long step, double loss, double runningMean) {
            this.step = step;
            this.loss = loss;
            this.runningMean = runningMean;
        }
    }

    /**
     * The curve in {@code runDir} up to {@code lastStep} (the steps a resumed run continues from),
     * empty when there is none; lines that do not parse (a line torn by a crash) are left out.
     */
    public static List<Point> read(Path runDir, long lastStep) throws IOException {
        Path file = runDir.resolve(FILE);
        List<Point> points = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return points;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split(",");
            if (f.length >= 3 && f[0].matches("\\d+")) {
                try {
                    long step = Long.parseLong(f[0]);
                    if (step <= lastStep) {
                        points.add(new Point(step, Double.parseDouble(f[1]), Double.parseDouble(f[2])));
                    }
                } catch (NumberFormatException e) {
                    // a torn last line: the steps after the checkpoint are made again anyway
                }
            }
        }
        return points;
    }

    void add(TrainingListener.StepReport r, double seconds) throws IOException {
        out.write(String.format(Locale.ROOT, "%d,%.7g,%.7g,%.7g,%.6g,%.3f%n", r.step, r.loss, r.runningMean, r.gradNorm,
                r.lr, seconds));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
