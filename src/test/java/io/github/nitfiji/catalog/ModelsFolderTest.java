package io.github.nitfiji.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsFolderTest {
    @TempDir
    Path tmp;

    private ModelsFolder resolve(Map<String, String> props, Map<String, String> env) {
        return ModelsFolder.resolve(props::get, env::get, tmp.resolve("home"));
    }

    @Test
    void precedenceIsPropertyThenEnvironmentThenFijiThenHome() throws Exception {
        Path fiji = Files.createDirectories(tmp.resolve("Fiji.app"));
        Map<String, String> props = new HashMap<>();
        Map<String, String> env = new HashMap<>();
        assertEquals(tmp.resolve("home/.nit/models"), resolve(props, env).root());

        props.put("ij.dir", fiji.toString());
        ModelsFolder inFiji = resolve(props, env);
        assertEquals(fiji.resolve("models/nit"), inFiji.root());
        assertTrue(inFiji.origin().contains("ij.dir"));

        env.put("NIT_MODELS_DIR", tmp.resolve("env").toString());
        assertEquals(tmp.resolve("env"), resolve(props, env).root());

        props.put("nit.models.dir", tmp.resolve("prop").toString());
        ModelsFolder chosen = resolve(props, env);
        assertEquals(tmp.resolve("prop"), chosen.root());
        assertTrue(chosen.origin().contains("nit.models.dir"));
    }

    @Test
    void fijiPropertiesMustPointAtAFolderAndBlankValuesAreIgnored() throws Exception {
        Path fiji = Files.createDirectories(tmp.resolve("Fiji.app"));
        Map<String, String> props = new HashMap<>();
        props.put("nit.models.dir", "  ");
        props.put("ij.dir", tmp.resolve("no-such-folder").toString());
        props.put("fiji.dir", fiji.toString());
        assertEquals(fiji.resolve("models/nit"), resolve(props, Map.of()).root());
        props.remove("fiji.dir");
        props.put("imagej.dir", fiji.toString());
        assertEquals(fiji.resolve("models/nit"), resolve(props, Map.of()).root());
    }

    @Test
    void tildeMeansHomeAndFilesGoUnderTheModelId() throws Exception {
        ModelsFolder f = resolve(Map.of("nit.models.dir", "~/m"), Map.of());
        assertEquals(tmp.resolve("home/m"), f.root());
        ModelCard card = ModelCatalog.bundled().require("dc-ae-f32c32-sana-1.1");
        assertEquals(tmp.resolve("home/m/dc-ae-f32c32-sana-1.1/config.json"), f.file(card, card.files().get(1)));
    }
}
