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
final class LossCsv implements AutoCloseable {
    static final String FILE = "loss.csv";
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
