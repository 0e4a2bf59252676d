package io.github.nitfiji.train;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.SafetensorsWeights;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.model.dcae.DcAeEncoder;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Tiny real training runs: synthetic two-class datasets, the golden tiny DC-AE, the golden tiny training NiT. */
final class TinyTraining {
    private TinyTraining() {
    }

    /**
     * Writes {@code perClass} PNGs per class into {@code root}/bright and {@code root}/dark: class
     * "bright" smooth light gradients, class "dark" dark stripes, in a few native sizes.
     */
    static Path dataset(Path root, int perClass) throws IOException {
        int[][] sizes = {{64, 64}, {96, 64}, {64, 96}, {32, 64}};
        for (String name : List.of("bright", "dark")) {
            Path dir = Files.createDirectories(root.resolve(name));
            for (int i = 0; i < perClass; i++) {
                int w = sizes[i % sizes.length][0];
                int h = sizes[i % sizes.length][1];
                BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int v = name.equals("bright") ? 160 + (x + y + 7 * i) % 90 : ((x / 4 + i) % 2 == 0 ? 20 : 70);
                        int rgb = name.equals("bright") ? (v << 16) | (v << 8) | 255 : (v << 16) | (v / 2 << 8) | (v / 3);
                        image.setRGB(x, y, rgb);
                    }
                }
                ImageIO.write(image, "png", dir.resolve(String.format("img%03d.png", i)).toFile());
            }
        }
        return root;
    }

    static DcAeEncoder encoder() throws IOException {
        try (SafetensorsFile f = Golden.dcaeWeights()) {
            return DcAeEncoder.load(DcAeConfig.fromWeights(f), f, Device.cpu(), DataType.FLOAT32);
        }
    }

    static LatentEncoding encoding(DcAeEncoder encoder) {
        return new LatentEncoding(encoder, Device.cpu(), 1L << 30, "golden-dcae-tiny");
    }

    static NitTransformer nit() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(TestFiles.golden(TrainGolden.WEIGHTS))) {
            return NitTransformer.load(NitConfig.fromWeights(f), new SafetensorsWeights(f), Device.cpu(),
                    DataType.FLOAT32);
        }
    }

    /** A run's setup over an encoded dataset. */
    static TrainingRun.Setup setup(NitTransformer nit, Dataset dataset, LatentCache cache,
                                   LatentCache.Report report, Path runDir) {
        TrainingRun.Setup s = new TrainingRun.Setup();
        s.nit = nit;
        s.baseSha256 = "golden-nit-train-tiny";
        s.dataset = dataset;
        s.cache = cache;
        s.entries = report.entries;
        s.runDir = runDir;
        return s;
    }

    static TrainingSettings settings(int steps) {
        TrainingSettings t = new TrainingSettings();
        t.steps = steps;
        t.lr = 1e-3;
        t.rank = 4;
        t.tokenBudget = 16;
        t.checkpointEvery = 1000;
        t.seed = 3;
        return t;
    }
}
