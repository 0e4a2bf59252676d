package io.github.nitfiji.fiji.scijava;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import io.github.nitfiji.IsolatedModelsFolder;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;

/** The SciJava command in a real SciJava context, as a Fiji script would call it. */
class NitGenerateCommandTest {
    private static Context context;
    private static IsolatedModelsFolder modelsFolder;

    @BeforeAll
    static void start() throws Exception {
        modelsFolder = IsolatedModelsFolder.enter("nit-scijava-models");
        context = new Context(CommandService.class, StatusService.class, LogService.class);
    }

    @AfterAll
    static void stop() {
        context.dispose();
        modelsFolder.leave();
    }

    @Test
    void isDiscoveredUnderItsOwnMenuLabelWithSnakeCaseParameters() {
        CommandInfo info = context.service(CommandService.class).getCommand(NitGenerateCommand.class);
        assertNotNull(info, "found through the @Plugin index");
        assertEquals("NiT Generate (SciJava)", info.getMenuPath().getLeaf().getName());
        for (String key : io.github.nitfiji.fiji.GenerateOptions.KEYS) {
            assertNotNull(info.getInput(key), "parameter " + key + " (the macro key)");
        }
        assertNotNull(info.getOutput("image"));
    }

    @Test
    void runsTheSameRequestAndReturnsTheStack() throws Exception {
        CommandModule module = context.service(CommandService.class).run(NitGenerateCommand.class, true,
                "prompt", "goldfish", "width", 48, "height", 40, "images", 2, "seed", 11L, "preset", "custom",
                "steps", 2, "model", "smoke-test", "device", "cpu", "precision", "fp32", "output", "RGB").get();
        assertFalse(module.isCanceled(), module.getCancelReason());
        ImagePlus image = (ImagePlus) module.getOutput("image");
        assertEquals("NiT goldfish 48x40", image.getTitle());
        assertEquals(2, image.getStackSize());
        assertEquals("goldfish | seed 12", image.getStack().getSliceLabel(2));
        assertEquals("AI-generated image", image.getProp("nit.notice"));
        assertTrue(image.getProp("nit.command").contains("seed=11"));
    }

    @Test
    void badInputFailsWithTheSameMessageAsTheMacro() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> context.service(CommandService.class)
                .run(NitGenerateCommand.class, true, "prompt", "goldfish", "width", 20, "height", 40,
                        "model", "smoke-test").get());
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        assertEquals("NiT Generate: width 20 px is outside 32..8192 px", cause.getMessage());
    }

    @Test
    void cancelledBeforeItStartsMakesNoImage() throws Exception {
        NitGenerateCommand command = new NitGenerateCommand();
        context.inject(command);
        command.cancel("user");
        command.run();
        assertTrue(command.isCanceled());
        assertEquals("NiT Generate was cancelled; no image was made", command.getCancelReason());
    }
}
