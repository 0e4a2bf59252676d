package io.github.nitfiji.fiji.ij;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * "NiT Models..." with a gated model in a real headless ImageJ: without HF_TOKEN and without a
 * screen to ask on, it says what is missing in Fiji's terms before fetching anything.
 */
@Tag("imagej")
class NiTModelsGatedMacroTest {
    @TempDir
    static Path dir;
    @RegisterExtension
    static final HeadlessFiji imagej = HeadlessFiji.withEmptyModels(() -> dir);

    @Test
    void aGatedModelWithoutATokenExplainsTheLicenceStepInFijisTerms() throws Exception {
        assumeTrue(System.getenv("HF_TOKEN") == null, "with a token set this would really download");
        HeadlessImageJ.MacroResult r = imagej.runMacro(
                "run(\"NiT Models...\", \"action=download model=tim-t2i\");", null);
        assertNotNull(r.error);
        assertTrue(r.error.contains("model 'gemma-3-1b-it' is gated"), r.error);
        assertTrue(r.error.contains("accept the Gemma Terms of Use"), r.error);
        assertTrue(r.error.contains("enter it when NiT Models asks for it"), r.error);
        assertTrue(r.error.contains("with action 'install', model 'gemma-3-1b-it'"), r.error);
        assertFalse(r.error.contains("java -jar"), "Fiji's own words: " + r.error);
        assertFalse(Files.exists(dir.resolve("models/tim-t2i")), "the ungated TiM-T2I was not fetched first");
    }
}
