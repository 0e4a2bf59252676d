package io.github.nitfiji.spark;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.cli.Main;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encode job in local[2] on the bundled smoke-test model: its parts make one latent cache,
 * which {@code train} on one machine then uses whole, encoding nothing again.
 */
class NitSparkEncodeJobTest {
    private static JavaSparkContext spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("nit-spark-encode-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void thePartsMakeOneCacheThatTrainingUsesWhole() throws Exception {
        Path data = dir.resolve("cells");
        images(data.resolve("mitosis"), 3, 64, 64, 0x3366cc);
        images(data.resolve("interphase"), 2, 96, 64, 0xcc6633);
        Files.write(data.resolve("mitosis/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2});
        Path run = dir.resolve("run");
        Path models = Files.createDirectories(dir.resolve("models"));
        NitSparkEncodeJob.Summary s = NitSparkEncodeJob.run(spark, "--data", data.toString(), "--base", "smoke-test",
                "--run", run.toString(), "--models-dir", models.toString(), "--parts", "3");
        assertEquals(3, s.parts);
        assertEquals(5, s.encoded);
        assertEquals(0, s.reused);
        assertEquals(1, s.skipped.size(), s.skipped.toString());
        assertTrue(s.skipped.get(0).contains("broken.png"), s.skipped.toString());
        for (int part = 1; part <= 3; part++) {
            assertTrue(Files.isRegularFile(run.resolve("latents/index-" + part + "of3.json")), "part " + part);
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"train", "--data", data.toString(), "--base", "smoke-test", "--name", "cells",
                "--run", run.toString(), "--models-dir", models.toString(), "--steps", "2", "--rank", "2",
                "--token-budget", "16"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String log = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, log);
        assertTrue(log.contains("0 encoded, 5 reused, 1 skipped"), "training encodes nothing again: " + log);
        assertTrue(Files.isRegularFile(models.resolve("cells.json")), log);
    }

    @Test
    void aBadRequestFailsOnTheDriverNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NitSparkEncodeJob.run(spark,
                "--data", dir.resolve("none").toString(), "--base", "smoke-test", "--run", dir.resolve("run").toString(),
                "--models-dir", dir.toString()));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NitSparkEncodeJob.run(spark, "--data", "d", "--base",
                "smoke-test"));
        assertTrue(e.getMessage().contains("--run"), e.getMessage());
    }

    private static void images(Path classDir, int count, int w, int h, int rgb) throws Exception {
        Files.createDirectories(classDir);
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    image.setRGB(x, y, (x + y + i) % 5 == 0 ? 0xffffff : rgb);
                }
            }
            ImageIO.write(image, "png", classDir.resolve("img" + i + ".png").toFile());
        }
    }
}
