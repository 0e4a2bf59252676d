package io.github.nitfiji.batch;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Stands in for generation where only the batch logic is under test: a deterministic picture per
 * (settings, seed), written as PNG, every call recorded; it can be told to fail after N images to
 * act out a crash. The real pipeline runs the same logic in the CLI's batch tests.
 */
final class PatternRunner implements TaskRunner {
    final List<String> calls = new ArrayList<>();
    int failAfter = Integer.MAX_VALUE;

    @Override
    public List<String> requestKeys() {
        return List.of("prompt", "width", "height", "images", "seed", "steps", "model");
    }

    @Override
    public void validate(Map<String, String> settings) {
        int w = Integer.parseInt(settings.getOrDefault("width", "64"));
        if (w < 32 || w > 8192) {
            throw new IllegalArgumentException("width=" + w + " must be 32..8192");
        }
    }

    @Override
    public TaskResult run(BatchTask task, Path file) throws Exception {
        if (calls.size() >= failAfter) {
            throw new IllegalStateException("simulated crash");
        }
        calls.add(task.id());
        int w = Integer.parseInt(task.settings().getOrDefault("width", "64"));
        int h = Integer.parseInt(task.settings().getOrDefault("height", "48"));
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        long s = task.seed() * 0x9E3779B97F4A7C15L + task.settings().get("prompt").hashCode();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                s = s * 6364136223846793005L + 1442695040888963407L;
                image.setRGB(x, y, (int) (s >>> 40));
            }
        }
        ImageIO.write(image, "png", file.toFile());
        return new TaskResult(Integer.parseInt(task.settings().get("prompt")), "pattern", "none", "cpu", 1);
    }
}
