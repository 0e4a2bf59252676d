package io.github.nitfiji.fiji.scijava;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import io.github.nitfiji.IsolatedModelsFolder;
import java.io.File;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.script.AdaptedScriptLanguage;
import org.scijava.script.ScriptModule;
import org.scijava.script.ScriptService;

/**
 * examples/generate_with_scijava.groovy through SciJava's ScriptService. Fiji runs Groovy with
 * scripting-groovy (not on Maven Central); here Groovy's own JSR-223 engine (on Central) stands
 * in, registered as a SciJava language through scijava-common's adapter: script parameters,
 * services and outputs are handled by the same ScriptService code.
 */
class ExampleScriptTest {
    private static Context context;
    private static IsolatedModelsFolder modelsFolder;

    @BeforeAll
    static void start() throws Exception {
        modelsFolder = IsolatedModelsFolder.enter("nit-script-models");
        context = new Context();
        AdaptedScriptLanguage groovy = new AdaptedScriptLanguage("groovy");
        groovy.setContext(context);
        context.service(ScriptService.class).getIndex().add(groovy);
    }

    @AfterAll
    static void stop() {
        context.dispose();
        modelsFolder.leave();
    }

    @Test
    void groovyExampleRunsTheSciJavaCommand() throws Exception {
        ScriptModule module = context.service(ScriptService.class)
                .run(new File("examples/generate_with_scijava.groovy"), true, Map.of()).get();
        ImagePlus image = (ImagePlus) module.getOutput("image");
        assertNotNull(image, "the script's output");
        assertEquals("NiT golden retriever 192x128", image.getTitle());
        assertEquals(3, image.getStackSize());
        assertEquals("42,43,44", image.getProp("nit.seeds"));
    }
}
