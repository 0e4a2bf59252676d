package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.nitfiji.IsolatedModelsFolder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code selftest --device cpu}: the packaged golden case passes on this machine's CPU engine. */
class SelfTestCommandTest {
    private static IsolatedModelsFolder models;

    @TempDir
    Path dir;

    @BeforeAll
    static void isolate() throws Exception {
        models = IsolatedModelsFolder.enter("nit-selftest");
    }

    @AfterAll
    static void restore() {
        models.leave();
    }

    @Test
    void cpuSelfTestPassesAndWritesItsReportWithTheQuickBenchByDefault() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path json = dir.resolve("selftest.json");
        int code = Main.run(new String[] {"selftest", "--device", "cpu", "--json", json.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text + err.toString(StandardCharsets.UTF_8));
        assertTrue(text.contains("fp32 end-to-end vs official pipeline"), text);
        assertTrue(text.contains("self-test passed"), text);
        JsonObject report = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertTrue(report.get("passed").getAsBoolean());
        assertEquals("quick", report.get("bench").getAsString(), "the CPU's default");
        assertTrue(text.contains("benchmark: quick (the default on the CPU"), text);
        JsonObject fp32 = report.getAsJsonArray("checks").get(0).getAsJsonObject();
        assertTrue(fp32.get("relative_error").getAsDouble() < 1e-4, fp32.toString());
        JsonObject row = report.getAsJsonArray("benchmark").get(0).getAsJsonObject();
        assertEquals(256, row.get("size").getAsInt());
        assertTrue(row.get("ms_per_step").getAsDouble() > 0);
        assertTrue(row.get("peak_memory_mb").getAsDouble() > 0, "CPU: peak RSS");
    }

    @Test
    void anUnknownBenchSizeIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"selftest", "--bench", "huge"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("full, quick or off")
                || err.toString(StandardCharsets.UTF_8).contains("full"), err.toString(StandardCharsets.UTF_8));
    }
}
