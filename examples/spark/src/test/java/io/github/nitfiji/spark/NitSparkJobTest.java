package io.github.nitfiji.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nitfiji.batch.Manifest;
import io.github.nitfiji.batch.ManifestRow;
import io.github.nitfiji.cli.Main;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark job in local[2] against the batch command, with the bundled smoke-test model. */
class NitSparkJobTest {
    private static final String JOB = "{\"requests\": [\n"
            + "  {\"class\": 207, \"width\": 64, \"height\": 48, \"images\": 5, \"seed\": 3, \"model\": \"smoke-test\", "
            + "\"steps\": 2},\n"
            + "  {\"id\": \"fox\", \"prompt\": \"red fox\", \"width\": 96, \"height\": 32, \"seeds\": \"0-2\", "
            + "\"model\": \"smoke-test\", \"steps\": 3, \"cfg\": 2}\n]}\n";

    private static JavaSparkContext spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("nit-spark-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void sparkMakesTheImagesOfTheBatchCommandAndResumes() throws Exception {
        Path job = Files.write(dir.resolve("job.json"), JOB.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"batch", job.toString(), "--out", dir.resolve("cli").toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        Main.run(new String[] {"batch", "merge", job.toString(), "--out", dir.resolve("cli").toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));

        Path out = dir.resolve("spark");
        NitSparkJob.Summary first = NitSparkJob.run(spark, job.toString(), out.toString(), 3);
        assertEquals(8, first.generated);
        List<ManifestRow> fromCli = Manifest.read(dir.resolve("cli/manifest.csv"));
        List<ManifestRow> fromSpark = Manifest.read(out.resolve("manifest.csv"));
        assertEquals(8, fromSpark.size());
        for (int i = 0; i < 8; i++) {
            ManifestRow a = fromCli.get(i);
            ManifestRow b = fromSpark.get(i);
            assertEquals(a.task(), b.task());
            assertEquals(a.get("pixels_sha256"), b.get("pixels_sha256"), a.task());
            assertTrue(Arrays.equals(pixels(dir.resolve("cli").resolve(a.get("file"))),
                    pixels(out.resolve(b.get("file")))), a.task());
        }

        Files.delete(out.resolve("images/fox-1.png"));
        NitSparkJob.Summary second = NitSparkJob.run(spark, job.toString(), out.toString(), 2);
        assertEquals(1, second.generated);
        assertEquals(7, second.skipped);
        assertEquals(fromSpark.get(6).get("pixels_sha256"),
                Manifest.read(out.resolve("manifest.csv")).get(6).get("pixels_sha256"));

        // the fox's images were made with 3 steps: a job that now asks for 4 remakes them, as batch resume does
        Path changed = Files.write(dir.resolve("job.json"),
                JOB.replace("\"steps\": 3", "\"steps\": 4").getBytes(StandardCharsets.UTF_8));
        NitSparkJob.Summary third = NitSparkJob.run(spark, changed.toString(), out.toString(), 2);
        assertEquals(3, third.generated);
        assertEquals(5, third.skipped);
    }

    private static int[] pixels(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
