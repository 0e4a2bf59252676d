package io.github.nitfiji.fiji.scijava;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.IsolatedModelsFolder;
import io.github.nitfiji.fiji.train.TrainOptions;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;

/** The SciJava "NiT Train" command: found by SciJava with the macro keys as parameters, failing in the macro's words. */
class NitTrainCommandTest {
    private static Context context;
    private static IsolatedModelsFolder modelsFolder;

    @BeforeAll
    static void start() throws Exception {
        modelsFolder = IsolatedModelsFolder.enter("nit-scijava-train-models");
        context = new Context(CommandService.class, StatusService.class, LogService.class);
    }

    @AfterAll
    static void stop() {
        context.dispose();
        modelsFolder.leave();
    }

    @Test
    void isDiscoveredWithTheMacroKeysAsParameters() {
        CommandInfo info = context.service(CommandService.class).getCommand(NitTrainCommand.class);
        assertNotNull(info, "found through the @Plugin index");
        assertEquals("NiT Train (SciJava)", info.getMenuPath().getLeaf().getName());
        for (String key : TrainOptions.KEYS) {
            assertNotNull(info.getInput(key), "parameter " + key + " (the macro key)");
        }
        assertNotNull(info.getOutput("model"));
        assertNotNull(info.getOutput("loss_plot"));
    }

    @Test
    void badInputFailsWithTheMacrosMessage() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> context.service(CommandService.class)
                .run(NitTrainCommand.class, true, "images", "folder", "data", "/nowhere/cells", "name", "x",
                        "steps", "0").get());
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        assertEquals("NiT Train: steps must be at least 1, found 0", cause.getMessage());
    }
}
