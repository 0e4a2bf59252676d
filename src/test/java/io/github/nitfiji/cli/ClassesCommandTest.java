package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClassesCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return ClassesCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void searchRanksAndNamesTheChoice() {
        assertEquals(0, run("classes", "search", "a", "red", "fox", "in", "the", "snow", "--limit", "3"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(4, text.lines().count(), text);
        assertTrue(text.lines().findFirst().orElseThrow().contains("277"), text);
        assertTrue(text.contains("choice: 277 red fox"), text);
    }

    @Test
    void gibberishGetsSuggestionsWithoutAChoice() {
        assertEquals(0, run("search", "xqzvw blorf"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("no confident choice"));
    }

    @Test
    void usageErrorsAndHelp() {
        assertEquals(2, run("search"));
        assertEquals(2, run("search", "fox", "--limit", "zero"));
        assertEquals(2, run("find", "fox"));
        assertEquals(1, err.toString(StandardCharsets.UTF_8).strip().lines().count());
        assertEquals(0, run("--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("--limit") && help.contains("--help") && help.contains("search") && help.contains("list"));
        assertEquals(0, run("list"));
        assertEquals(1000, out.toString(StandardCharsets.UTF_8).lines().count());
    }
}
