package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.*;

import ij.IJ;
import ij.ImagePlus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22, item 5: a fine-tune is a model like any other. Trained here on the bundled smoke-test
 * model (two steps; its images are noise, as its base's), it is used by {@code generate --model}
 * with a prompt naming one of its own classes, and by a batch job; provenance names the fine-tune
 * and its base; a class index past its own classes is refused naming them. In process.
 */
class FineTuneUseTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void trainAFineTune() throws Exception {
        Path data = dir.resolve("data");
        TrainCommandTest.images(data.resolve("mitosis"), 2, 64, 64, 0x3366cc);
        TrainCommandTest.images(data.resolve("interphase"), 2, 64, 64, 0xcc6633);
        TrainCommandTest.Result r = TrainCommandTest.train(dir, "--data", data.toString(), "--base", "smoke-test",
                "--name", "my-cells", "--run", dir.resolve("run").toString(), "--steps", "2", "--rank", "2",
                "--token-budget", "16", "--seed", "1");
        assertEquals(0, r.code, r.toString());
    }

    @Test
    void generateByIdMatchesTheFineTunesOwnClassAndNamesItsBase() throws Exception {
        Path tiff = dir.resolve("mitosis.tif");
        CliRunnerInProcess r = CliRunnerInProcess.run("generate", "--model", "my-cells", "--models-dir",
                dir.resolve("models").toString(), "--prompt", "mitosis", "--width", "64", "--height", "64",
                "--steps", "2", "--seed", "3", "--device", "cpu", "--out", tiff.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.err.contains("-> class 1002 (mitosis)") || r.err.contains("-> class 1001 (mitosis)"), r.err);
        ImagePlus image = IJ.openImage(tiff.toString());
        assertEquals("my-cells", image.getProp("nit.model"));
        assertEquals("nit-finetune", image.getProp("nit.model_kind"));
        assertEquals("my-cells", image.getProp("nit.fine_tune"));
        assertEquals("smoke-test", image.getProp("nit.base_model"));
        assertEquals("mitosis", image.getProp("nit.class_name"));
        assertEquals(64, image.getProp("nit.base_sha256").length());

        CliRunnerInProcess past = CliRunnerInProcess.run("generate", "--model", "my-cells", "--models-dir",
                dir.resolve("models").toString(), "--class", "1003", "--steps", "1", "--out",
                dir.resolve("never.png").toString());
        assertEquals(2, past.code, past.toString());
        assertTrue(past.err.contains("--class 1003 is outside 0..1002") && past.err.contains("interphase"), past.err);
    }

    @Test
    void aBatchJobRunsTheFineTune() throws Exception {
        Path job = dir.resolve("job.json");
        Files.write(job, ("{\"requests\": [{\"id\": \"cells\", \"model\": \"my-cells\", \"prompt\": \"interphase\","
                + " \"width\": 64, \"height\": 64, \"seed\": 1, \"steps\": 2, \"device\": \"cpu\"}]}")
                .getBytes(StandardCharsets.UTF_8));
        String previous = System.getProperty("nit.models.dir");
        System.setProperty("nit.models.dir", dir.resolve("models").toString());
        try {
            CliRunnerInProcess r = CliRunnerInProcess.run("batch", job.toString(), "--out",
                    dir.resolve("batch").toString());
            assertEquals(0, r.code, r.toString());
        } finally {
            if (previous == null) {
                System.clearProperty("nit.models.dir");
            } else {
                System.setProperty("nit.models.dir", previous);
            }
        }
        try (Stream<Path> files = Files.walk(dir.resolve("batch"))) {
            assertEquals(1, files.filter(p -> p.toString().endsWith(".png")).count());
        }
    }
}
