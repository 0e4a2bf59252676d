package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.train.TrainGolden;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train step} with the flags reproduces every golden training step, key for key. */
class TrainStepCommandTest {
    @TempDir
    Path dir;

    private int run(List<String> args, ByteArrayOutputStream err) {
        return Main.run(args.toArray(new String[0]), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> args(Path out) throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "step", "--weights",
                TestFiles.golden(TrainGolden.WEIGHTS).toString()));
        for (Path b : TrainGolden.writeBatches(dir)) {
            args.add("--batch");
            args.add(b.toString());
        }
        args.addAll(List.of("--lr", "1e-3", "--betas", "0.9,0.95", "--eps", "1e-6", "--weight-decay", "0.01",
                "--clip", "1.0", "--ema-decay", "0.99", "--out", out.toString()));
        return args;
    }

    @Test
    void reproducesEveryGoldenStepWithTheGoldensKeysAndShapes() throws Exception {
        Path out = dir.resolve("steps.safetensors");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(args(out), err), err.toString(StandardCharsets.UTF_8));
        try (SafetensorsFile ours = SafetensorsFile.open(out);
             SafetensorsFile reference = SafetensorsFile.open(TestFiles.golden(TrainGolden.CASES))) {
            int compared = 0;
            for (String key : reference.tensors().keySet()) {
                if (key.endsWith(".x0") || key.endsWith(".noise") || key.endsWith(".t")) {
                    continue;
                }
                assertArrayEquals(reference.info(key).shape(), ours.info(key).shape(), key);
                float[] expected = reference.readFloats(key);
                float[] actual = ours.readFloats(key);
                if (key.endsWith(".loss")) {
                    assertEquals(expected[0], actual[0], 1e-5 * Math.abs(expected[0]), key);
                } else if (key.contains(".projector.")) {
                    assertArrayEquals(expected, actual, key);
                } else {
                    double e = Golden.relativeError(actual, expected);
                    assertTrue(e < 1e-4, key + " relative error " + e);
                }
                compared++;
            }
            assertEquals(compared, ours.tensors().size(), "the same keys as the goldens, no more");
        }
    }

    @Test
    void refusesToWriteOverAnInputAndWritesNothing() throws Exception {
        Path weights = dir.resolve("w.safetensors");
        Files.copy(TestFiles.golden(TrainGolden.WEIGHTS), weights);
        List<String> args = args(weights);
        args.set(args.indexOf("--weights") + 1, weights.toString());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        byte[] before = Files.readAllBytes(weights);
        assertEquals(2, run(args, err));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is the --weights this run reads"), err.toString());
        assertArrayEquals(before, Files.readAllBytes(weights));
    }
}
